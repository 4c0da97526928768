/**
 * Cumulative counters into per-interval deltas, for one scrape target. The
 * store keeps increments, not running totals, so every counter, histogram
 * bucket, _count and _sum is differenced against the previous good scrape.
 *
 * - A reset (the value went down: the process restarted) counts the new value
 *   whole, as Prometheus's increase() does: the counter restarted from 0.
 *   A restart that grows a counter past its old value goes unnoticed (the
 *   same limit as Prometheus), unless the target exports
 *   process_start_time_seconds, whose change marks every series as reset.
 * - A reset of any series of a histogram resets all of them (buckets, _count,
 *   _sum), so the buckets of one interval stay consistent with each other.
 * - On the first scrape of a target every series is a baseline: no delta.
 *   Its counters may have been counting for days and their start is unknown,
 *   so their value is not this interval's increase.
 * - A series that appears on a later scrape is counted from zero only when
 *   it is known to be new (issue 17: 100,000 new series once added 5 x 10^9
 *   requests that never happened): its `_created` sample (Python's
 *   prometheus_client, hence vLLM, exports one) is after the previous
 *   scrape, or the target restarted (process_start_time_seconds changed, or
 *   every counter that had counted went down). Otherwise its first value is
 *   a baseline. The gateway creates its series at zero (initSeries), so none
 *   of its events is lost to this rule.
 * - A series missing from a good scrape is forgotten (its pod is gone); if
 *   it returns, the rule above decides.
 * - A counter value that is negative, not finite or beyond 2^53 (where
 *   doubles stop counting by one) is rejected: its histogram or series keeps
 *   its last good values, gives no delta this time, and the rejection is
 *   reported (poison.ts).
 */
import { type ExpositionSample, seriesKey, showSeries } from './exposition.ts';
import { counterValueProblem } from './poison.ts';

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
  /** process_start_time_seconds changed, or every counter went down: the target restarted. */
  restarted: boolean;
  /** Series seen for the first time after the first scrape and not known to be new: baselines. */
  baselined: number;
  /** "series: reason" of each counter sample rejected (its group kept its last good values). */
  rejected: string[];
  /** The previous good scrape's time (ms), when known: the deltas cover (previousAt, at]. */
  previousAt: number | undefined;
}

/** What a restart continues from (stored with the rows it produced, see CollectorSink). */
export interface CounterState {
  /** The scrape these values are from (ms since the epoch); undefined when unknown. */
  at?: number;
  startTime?: number;
  /** [seriesKey, value] of every counter-like series. */
  values: [string, number][];
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

/** The labels without `le`: all series of one histogram share them. */
function groupLabels(labels: Record<string, string>): Record<string, string> {
  const { le: _le, ...rest } = labels;
  return rest;
}

/**
 * The key of a family's `_created` sample for these labels. Python's client
 * names it after the family without `_total` (`x_total` -> `x_created`,
 * histogram `h` -> `h_created`).
 */
function createdKey(family: string, labels: Record<string, string>): string {
  return seriesKey(`${family.replace(/_total$/, '')}_created`, groupLabels(labels));
}

interface Current {
  sample: ExpositionSample;
  group: string;
  family: string;
  previous: number | undefined;
}

/** Per-target counter state. Feed it every successful scrape; skip failed ones. */
export class CounterDeltas {
  private last: Map<string, number> | undefined;
  private startTime: number | undefined;
  private lastAt: number | undefined;

  /** `state`: where a restarted collector left off (CounterDeltas.state()). */
  constructor(state?: CounterState) {
    if (state === undefined) return;
    this.last = new Map(state.values);
    this.startTime = state.startTime;
    this.lastAt = state.at;
  }

  /** The values the next scrape is differenced against; undefined before the first good scrape. */
  state(): CounterState | undefined {
    if (this.last === undefined) return undefined;
    return {
      ...(this.lastAt === undefined ? {} : { at: this.lastAt }),
      ...(this.startTime === undefined ? {} : { startTime: this.startTime }),
      values: [...this.last],
    };
  }

  /**
   * Deltas of every counter-like series against the previous successful
   * scrape. A failed scrape must not be passed in: the state then stays as
   * it was, so the next good scrape's deltas cover the whole gap. `at` is
   * the scrape time (ms), compared with `_created` samples.
   */
  observe(
    samples: readonly ExpositionSample[],
    types: ReadonlyMap<string, string>,
    at?: number,
  ): DeltaResult {
    const startTime = samples.find((s) => s.name === START_TIME)?.value;
    let restarted = this.startTime !== undefined && startTime !== undefined && startTime !== this.startTime;
    if (startTime !== undefined) this.startTime = startTime;
    const previous = this.last;
    const previousAt = this.lastAt;
    const created = new Map<string, number>();
    for (const s of samples)
      if (s.name.endsWith('_created')) created.set(seriesKey(s.name, s.labels), s.value);

    const current = new Map<string, Current>();
    const resetGroups = new Set<string>();
    const badGroups = new Map<string, string>();
    let counted = 0;
    let down = 0;
    for (const sample of samples) {
      const family = counterFamily(sample.name, sample.labels, types);
      if (family === undefined) continue;
      const key = seriesKey(sample.name, sample.labels);
      const group = seriesKey(family, groupLabels(sample.labels));
      const before = previous?.get(key);
      const problem = counterValueProblem(sample.value);
      if (problem !== undefined) {
        if (!badGroups.has(group)) badGroups.set(group, `${showSeries(sample)}: ${problem}`);
        continue;
      }
      current.set(key, { sample, group, family, previous: before });
      if (before !== undefined && before > 0) {
        counted++;
        if (sample.value < before) down++;
      }
      if (before !== undefined && sample.value < before) resetGroups.add(group);
    }
    // Every counter that had counted went down: the process restarted without saying so.
    if (counted > 0 && down === counted) restarted = true;

    const next = new Map<string, number>();
    // A rejected group keeps its last good values whole: no delta, no reset, not forgotten.
    if (badGroups.size > 0)
      for (const [key, value] of previous ?? []) if (badGroups.has(groupOf(key, types))) next.set(key, value);
    const deltas: SeriesDelta[] = [];
    let resets = 0;
    let baselined = 0;
    for (const [key, c] of current) {
      if (badGroups.has(c.group)) continue;
      next.set(key, c.sample.value);
      if (previous === undefined) continue;
      const reset = restarted || resetGroups.has(c.group);
      if (c.previous === undefined) {
        const born = created.get(createdKey(c.family, c.sample.labels));
        const knownNew =
          restarted || (born !== undefined && previousAt !== undefined && born * 1000 > previousAt);
        if (!knownNew) {
          baselined++;
          continue;
        }
      } else if (reset) resets++;
      const delta = c.previous === undefined || reset ? c.sample.value : c.sample.value - c.previous;
      deltas.push({ name: c.sample.name, labels: c.sample.labels, delta });
    }
    this.last = next;
    if (at !== undefined) this.lastAt = at;
    return {
      deltas,
      baseline: previous === undefined,
      resets,
      restarted,
      baselined,
      rejected: [...badGroups.values()],
      previousAt,
    };
  }
}

/** The group of a stored series key (its family and labels without `le`). */
function groupOf(key: string, types: ReadonlyMap<string, string>): string {
  const [name, pairs] = JSON.parse(key) as [string, [string, string][]];
  const labels = Object.fromEntries(pairs);
  return seriesKey(counterFamily(name, labels, types) ?? name, groupLabels(labels));
}
