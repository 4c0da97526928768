/**
 * What one scrape may not write (issue 17, "one bad scrape never poisons a
 * period"): the checks between parsing and counting. Each rejection is
 * counted in the scrape's report and logged; the rest of the scrape counts.
 *
 * - A duplicate series (same name and labels twice in one exposition): the
 *   first sample is kept and the others dropped, as Prometheus does
 *   (prometheus_target_scrapes_sample_duplicate_timestamp_total).
 * - A counter, histogram or summary sample that is negative, NaN, infinite
 *   or beyond 2^53: doubles count by one only up to 2^53
 *   (Number.MAX_SAFE_INTEGER + 1), so a larger value has lost the requests
 *   it claims to count; 1e308 once read as 100 % availability for 30 days.
 * - A rollup with more errors than requests, or more observations over a
 *   threshold than observations: counters of one target that contradict each
 *   other. The whole rollup of that (model, pod) for the interval is
 *   dropped: clamping would write an invented ratio (every request failed),
 *   dropping writes none; the counters move on, so the next interval is
 *   counted normally.
 */
import type { Rollup } from '../engine/index.ts';
import { type ExpositionSample, seriesKey, showSeries } from './exposition.ts';

/** 2^53: beyond it a double cannot represent every integer. */
const MAX_COUNTER = 2 ** 53;

/** Why a counter-like value cannot be counted, or undefined when it can. */
export function counterValueProblem(value: number): string | undefined {
  if (Number.isNaN(value)) return 'counter is NaN';
  if (!Number.isFinite(value)) return `counter is ${value > 0 ? '+Inf' : '-Inf'}`;
  if (value < 0) return `counter is negative (${value})`;
  if (value > MAX_COUNTER) return `counter ${value} is beyond 2^53`;
  return undefined;
}

/** The samples without repeated series (the first of each kept), and the repeats as "series: duplicate". */
export function dropDuplicates(samples: readonly ExpositionSample[]): {
  samples: ExpositionSample[];
  duplicates: string[];
} {
  const seen = new Set<string>();
  const kept: ExpositionSample[] = [];
  const duplicates: string[] = [];
  for (const s of samples) {
    const key = seriesKey(s.name, s.labels);
    if (seen.has(key)) duplicates.push(`${showSeries(s)}: duplicate series, first sample kept`);
    else {
      seen.add(key);
      kept.push(s);
    }
  }
  return { samples: kept, duplicates };
}

/** Why a rollup contradicts itself (more bad events than events), or undefined. */
export function rollupProblem(r: Rollup): string | undefined {
  if (r.errorsTotal > r.requests) return `${r.errorsTotal} errors but ${r.requests} requests`;
  for (const [key, c] of r.above)
    if (c.above > c.covered) return `${c.above} over ${key} but ${c.covered} observed`;
  return undefined;
}
