/**
 * The rollup: everything about the requests of one period of one
 * (environment, model, pod), in a form that merges by addition, so minutes
 * add up to hours and days without losing the quantiles. The collector
 * produces rollups and the store keeps them; it lives here, the lowest
 * folder both import, so the two share one definition.
 */
import { Sketch } from './sketch.ts';

/** One (period, environment, model, pod) of requests; also the result of merging them. */
export interface Rollup {
  /** Finished requests, errors included; client cancellations excluded. */
  requests: number;
  /** Failed requests by `${error_class}:${error_type}`, e.g. "server:internal". */
  errors: Map<string, number>;
  /** Sum of `errors`. */
  errorsTotal: number;
  /** Requests the client abandoned first: neither requests nor errors. */
  cancellations: number;
  /** Request durations (seconds). */
  duration: Sketch;
  /** Times to first token (seconds). */
  ttft: Sketch;
  promptTokens: number;
  generationTokens: number;
  /**
   * Exact counts against configured thresholds, by thresholdKey(). The
   * sketch cannot tell a value just above a threshold from one at it (they
   * share a bucket), so whoever knows the exact value counts it here.
   */
  above: Map<string, ThresholdCount>;
}

/** Which sketch a threshold count belongs to. */
export type ThresholdKind = 'duration' | 'ttft';

/**
 * Observations of one kind counted against one threshold: `covered` of the
 * rollup's observations were counted, `above` of them exceeded it. A merged
 * rollup is exact for the threshold only when every observation was
 * counted (covered equals the sketch's count).
 */
export interface ThresholdCount {
  above: number;
  covered: number;
}

/** Thresholds (seconds) to count observations against exactly, per kind. */
export type ThresholdSet = Partial<Record<ThresholdKind, readonly number[]>>;

/** The key of a threshold in Rollup.above, e.g. "duration:3" or "ttft:0.5". */
export function thresholdKey(which: ThresholdKind, seconds: number): string {
  return `${which}:${seconds}`;
}

/**
 * Observations above `seconds` when every observation of the rollup was
 * counted against it exactly; undefined otherwise (the sketch must answer).
 */
export function exactAbove(r: Rollup, which: ThresholdKind, seconds: number): number | undefined {
  const c = r.above.get(thresholdKey(which, seconds));
  return c !== undefined && c.covered === r[which].count ? c.above : undefined;
}

/** One interval's rollup for one (environment, model, pod), as the collector hands it to the store. */
export interface RollupDelta {
  /** Milliseconds since the epoch (the scrape time); the store counts the delta in the minute holding it. */
  at: number;
  environment: string;
  model: string;
  pod: string;
  rollup: Rollup;
}

/** A rollup with nothing in it. */
export function emptyRollup(): Rollup {
  return {
    requests: 0,
    errors: new Map(),
    errorsTotal: 0,
    cancellations: 0,
    duration: new Sketch(),
    ttft: new Sketch(),
    promptTokens: 0,
    generationTokens: 0,
    above: new Map(),
  };
}

/** True when a rollup would add nothing (an idle interval). */
export function isEmptyRollup(r: Rollup): boolean {
  return (
    r.requests === 0 &&
    r.errorsTotal === 0 &&
    r.cancellations === 0 &&
    r.duration.count === 0 &&
    r.ttft.count === 0 &&
    r.promptTokens === 0 &&
    r.generationTokens === 0
  );
}

/** Adds `n` errors of one class and type (and to the total). */
export function addError(r: Rollup, errorClass: string, errorType: string, n: number): void {
  const key = `${errorClass}:${errorType}`;
  r.errors.set(key, (r.errors.get(key) ?? 0) + n);
  r.errorsTotal += n;
}

/** Adds `from` into `into` (counts add, sketches merge); `from` is unchanged. */
export function mergeInto(into: Rollup, from: Rollup): void {
  into.requests += from.requests;
  into.errorsTotal += from.errorsTotal;
  into.cancellations += from.cancellations;
  into.promptTokens += from.promptTokens;
  into.generationTokens += from.generationTokens;
  for (const [k, n] of from.errors) into.errors.set(k, (into.errors.get(k) ?? 0) + n);
  into.duration.merge(from.duration);
  into.ttft.merge(from.ttft);
  addThresholdCounts(into.above, from.above);
}

/** Adds threshold counts into `into` (new entries are copies, never shared with `from`). */
export function addThresholdCounts(
  into: Map<string, ThresholdCount>,
  from: Iterable<readonly [string, ThresholdCount]>,
): void {
  for (const [k, c] of from) {
    const t = into.get(k);
    if (t === undefined) into.set(k, { above: c.above, covered: c.covered });
    else {
      t.above += c.above;
      t.covered += c.covered;
    }
  }
}
