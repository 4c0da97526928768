/**
 * The Prometheus source's range questions (charts): each series is one
 * PromQL expression evaluated at the end of every step, so a step's value is
 * about the step before it, as the embedded store's step rollups are. Full
 * steps come from one query_range; the last, partial step (the one holding
 * `now`) from an instant query at `now` over a whole step.
 *
 * Long windows (steps of an hour and more, and every budget's period) read
 * the generated recording rules' 5-minute increases (src/promql/
 * recorded-windows.ts), with the raw counters as the fallback where the
 * rule is not loaded (`or on (environment)`); shorter steps read the raw
 * counters, which the rules' overlapping increases would blur.
 */
import type { StepSeries, StepWindow } from '../engine/index.ts';
import { formatNumber } from '../promql/index.ts';
import type { MetricsConfig } from '../spec/index.ts';
import type { PrometheusClient } from './prometheus-client.ts';

/** A series of a range answer with its labels. */
export interface LabelledSeries {
  metric: Record<string, string>;
  values: StepSeries;
}

/** Steps of this length and longer read the recorded increases. */
const RECORDED_STEP_MS = 3_600_000;

/** A window of `ms` as PromQL writes it. */
export function promDuration(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))}s`;
}

/**
 * `build(window)` with the window one step long, evaluated at the end of
 * every step of `w`; NaN (no events) reads as null, a missing step as null.
 */
export async function stepQuery(
  client: PrometheusClient,
  build: (window: string) => string,
  w: StepWindow,
  windowMs = w.stepMs,
): Promise<LabelledSeries[]> {
  const n = w.starts.length;
  const query = build(promDuration(windowMs));
  const [full, last] = await Promise.all([
    n > 1 ? client.range(query, w.from + w.stepMs, w.to - w.stepMs, w.stepMs) : Promise.resolve([]),
    client.instant(query, w.now),
  ]);
  const byKey = new Map<string, LabelledSeries>();
  const row = (metric: Record<string, string>) => {
    const key = JSON.stringify(Object.entries(metric).sort());
    let s = byKey.get(key);
    if (!s) {
      s = { metric, values: w.starts.map(() => null) };
      byKey.set(key, s);
    }
    return s.values;
  };
  const value = (v: number) => (Number.isNaN(v) ? null : v);
  for (const s of full) {
    const values = row(s.metric);
    for (const [t, v] of s.values) {
      const i = Math.round((t - w.from) / w.stepMs) - 1;
      if (i >= 0 && i < n - 1) values[i] = value(v);
    }
  }
  for (const s of last) row(s.metric)[n - 1] = value(s.value);
  return [...byKey.values()];
}

/**
 * The one series of an environment-level answer, all null when it returned
 * nothing. A recorded series and its raw fallback carry different labels
 * (`slo` or not), so steps where the rule had not run yet come in a second
 * series: each step takes the first series with a value there.
 */
export function single(w: StepWindow, series: readonly LabelledSeries[]): StepSeries {
  return w.starts.map((_, s) => series.map((x) => x.values[s] ?? null).find((v) => v !== null) ?? null);
}

/**
 * A query over `window` from the recorded increases when `recorded` is
 * given, with the raw counters where the rule is missing; else raw only.
 */
export function recordedOrRaw(
  m: MetricsConfig,
  recorded: ((window: string) => string) | undefined,
  raw: (window: string) => string,
): (window: string) => string {
  if (!recorded) return raw;
  return (window) => `(${recorded(window)}) or on (${m.labels.environment}) (${raw(window)})`;
}

/** Whether a window this long reads the recorded increases. */
export function readsRecords(windowMs: number): boolean {
  return windowMs >= RECORDED_STEP_MS;
}

/**
 * Timeslice budgeting over a window: subqueries at the slice's step give one
 * sample per slice with traffic (total) and, of those, the slices whose bad
 * share exceeded what the slice target allows (bad).
 */
export function sliceSubqueries(
  ratio: string,
  allowedBad: number,
  window: string,
  slice: string,
): { total: string; bad: string } {
  return {
    total: `count_over_time((${ratio})[${window}:${slice}])`,
    bad: `sum_over_time(((${ratio}) > bool ${formatNumber(allowedBad)})[${window}:${slice}])`,
  };
}

/** The bad-slice share of a window: bad slices over slices with traffic (sliceSubqueries). */
export function sliceRatio(ratio: string, allowedBad: number, window: string, slice: string): string {
  const s = sliceSubqueries(ratio, allowedBad, window, slice);
  return `${s.bad} / ${s.total}`;
}

/** ratio / budget: the burn rate (engine burnRate), NaN (no answer) without events. */
export function burnQuery(ratio: string, budget: number): string {
  return `(${ratio}) / ${formatNumber(budget)}`;
}

/** 1 - ratio / budget: the share of the budget left, NaN (no answer) without events. */
export function remainingQuery(ratio: string, budget: number): string {
  return `1 - (${ratio}) / ${formatNumber(budget)}`;
}
