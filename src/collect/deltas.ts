/**
 * Cumulative counters into per-interval deltas, for one scrape target. The
 * store keeps increments, not running totals, so every counter, histogram
 * bucket, _count and _sum is differenced against the previous good scrape.
 *
 * - A reset (the value went down: the process restarted) counts the new value
 *   whole, as Prometheus's increase() does: the counter restarted from 0.
 *   Increments between the last scrape and the restart are lost, and a
 *   restart that grows a counter past its old value goes unnoticed (the same
 *   limits as Prometheus), unless the target exports
 *   process_start_time_seconds, whose change marks every series as reset.
 * - A reset of any series of a histogram resets all of them (buckets, _count,
 *   _sum), so the buckets of one interval stay consistent with each other.
 * - On the first scrape of a target every series is a baseline: no delta.
 *   Its counters may have been counting for days and their start is unknown,
 *   so their value is not this interval's increase.
 * - A series that first appears on a later scrape counts from zero: client
 *   libraries create a labelled series at its first increment (the gateway's
 *   first `timeout` error, vLLM's first 5xx), so it was born since the
 *   previous scrape. Treating it as a baseline would lose that first event.
 * - A series missing from a good scrape is forgotten (its pod is gone); if
 *   it returns it counts from zero, as a new series.
 */
import type { ExpositionSample } from './exposition.ts';

/** One series' increase since the previous scrape. */
export interface SeriesDelta {
  name: string;
  labels: Record<string, string>;
  delta: number;
}

export interface DeltaResult {
  deltas: SeriesDelta[];
  /** True on the first scrape: every series was a baseline. */
  baseline: boolean;
  /** Series counted from zero because they (or their histogram, or the process) were reset. */
  resets: number;
  /** process_start_time_seconds changed: the target restarted. */
  restarted: boolean;
}

const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'] as const;
const START_TIME = 'process_start_time_seconds';

/** The family a sample belongs to (by its TYPE line) and whether it only grows. */
export function counterFamily(
  name: string,
  labels: Record<string, string>,
  types: ReadonlyMap<string, string>,
): string | undefined {
  const own = types.get(name);
  if (own === 'counter') return name;
  if (own !== undefined) return undefined;
  for (const suffix of ['_total', ...HISTOGRAM_SUFFIXES]) {
    if (!name.endsWith(suffix)) continue;
    const family = name.slice(0, -suffix.length);
    const type = types.get(family);
    if (type === 'counter' && suffix === '_total') return family;
    if (type === 'histogram' && suffix !== '_total') return family;
    if (type === 'summary' && (suffix === '_count' || suffix === '_sum')) return family;
    // Untyped (no TYPE line): trust the naming conventions.
    if (type === undefined && (suffix !== '_bucket' || 'le' in labels)) return family;
  }
  return undefined;
}

/** A stable key for a series: its name and sorted labels. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([name, sorted]);
}

/** The family and labels without `le`: all series of one histogram share it. */
function groupKey(family: string, labels: Record<string, string>): string {
  const { le: _le, ...rest } = labels;
  return seriesKey(family, rest);
}

interface Current {
  sample: ExpositionSample;
  group: string;
  previous: number | undefined;
}

/** Per-target counter state. Feed it every successful scrape; skip failed ones. */
export class CounterDeltas {
  private last: Map<string, number> | undefined;
  private startTime: number | undefined;

  /**
   * Deltas of every counter-like series against the previous successful
   * scrape. A failed scrape must not be passed in: the state then stays as
   * it was, so the next good scrape's deltas cover the whole gap.
   */
  observe(samples: readonly ExpositionSample[], types: ReadonlyMap<string, string>): DeltaResult {
    const startTime = samples.find((s) => s.name === START_TIME)?.value;
    const restarted = this.startTime !== undefined && startTime !== undefined && startTime !== this.startTime;
    if (startTime !== undefined) this.startTime = startTime;

    const previous = this.last;
    const next = new Map<string, number>();
    const current = new Map<string, Current>();
    const resetGroups = new Set<string>();
    for (const sample of samples) {
      const family = counterFamily(sample.name, sample.labels, types);
      if (family === undefined) continue;
      const key = seriesKey(sample.name, sample.labels);
      const before = previous?.get(key);
      if (!Number.isFinite(sample.value)) {
        // A NaN counter says nothing; keep the last good value rather than forget the series.
        if (before !== undefined) next.set(key, before);
        continue;
      }
      next.set(key, sample.value);
      const group = groupKey(family, sample.labels);
      current.set(key, { sample, group, previous: before });
      if (before !== undefined && sample.value < before) resetGroups.add(group);
    }
    this.last = next;

    const deltas: SeriesDelta[] = [];
    let resets = 0;
    if (previous !== undefined) {
      for (const { sample, group, previous: before } of current.values()) {
        const reset = restarted || resetGroups.has(group);
        if (reset && before !== undefined) resets++;
        const delta = before === undefined || reset ? sample.value : sample.value - before;
        deltas.push({ name: sample.name, labels: sample.labels, delta });
      }
    }
    return { deltas, baseline: previous === undefined, resets, restarted };
  }
}
