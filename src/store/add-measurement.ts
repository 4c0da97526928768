/**
 * One finished request from the gateway folded into the unit the store keeps,
 * the engine's Rollup (which src/collect fills from scrapes instead).
 */
import {
  addError,
  countsForLatency,
  type RequestMeasurement,
  type Rollup,
  type ThresholdKind,
  type ThresholdSet,
  thresholdKey,
} from '../engine/index.ts';

/** Thresholds (seconds) to count every request against exactly, as StoreOptions takes them. */
export type StoreThresholds = ThresholdSet;

/** StoreThresholds with their keys built once, so recording a request builds no strings. */
export type ThresholdPlan = Record<ThresholdKind, readonly { key: string; seconds: number }[]>;

/** The plan of a StoreThresholds: distinct finite positive thresholds with their keys. */
export function thresholdPlan(t: StoreThresholds = {}): ThresholdPlan {
  const plan = (which: ThresholdKind) =>
    [...new Set(t[which] ?? [])]
      .filter((s) => Number.isFinite(s) && s > 0)
      .map((seconds) => ({ key: thresholdKey(which, seconds), seconds }));
  return { duration: plan('duration'), ttft: plan('ttft') };
}

const NO_THRESHOLDS: ThresholdPlan = { duration: [], ttft: [] };

/** Seconds from milliseconds, or undefined for a value a sketch cannot hold (NaN, infinite). */
function seconds(ms: number | undefined): number | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  return Math.max(0, ms) / 1000;
}

/** Adds one observation to a rollup's sketch and to its counts against `thresholds`. */
function observe(r: Rollup, which: ThresholdKind, value: number, thresholds: ThresholdPlan): void {
  r[which].add(value);
  for (const t of thresholds[which]) {
    const c = r.above.get(t.key);
    // Above means strictly above, as Prometheus's `le` bucket holds the threshold itself.
    if (c === undefined) r.above.set(t.key, { above: value > t.seconds ? 1 : 0, covered: 1 });
    else {
      c.covered += 1;
      if (value > t.seconds) c.above += 1;
    }
  }
}

/**
 * Folds one finished request into a rollup exactly as the gateway's /metrics
 * counts it, so the store and Prometheus agree: a cancellation counts only as
 * a cancellation; every other request counts once, its error (if any) by
 * class and type, and its tokens; a successful one also its duration and
 * TTFT, against each of `thresholds` exactly (latency SLIs count successful
 * requests only, src/engine/outcome.ts).
 */
export function addMeasurement(r: Rollup, m: RequestMeasurement, thresholds = NO_THRESHOLDS): void {
  if (m.cancelled) {
    r.cancellations += 1;
    // The client gave up after every latency threshold: a slow request for the latency SLIs (as the gateway's histogram).
    const waited = m.abandonedSlow ? seconds(m.durationMs) : undefined;
    if (waited !== undefined) observe(r, 'duration', waited, thresholds);
    return;
  }
  r.requests += 1;
  if (m.errorClass !== undefined && m.errorType !== undefined) addError(r, m.errorClass, m.errorType, 1);
  r.promptTokens += m.promptTokens ?? 0;
  r.generationTokens += m.completionTokens ?? 0;
  if (!countsForLatency(m)) return;
  const d = seconds(m.durationMs);
  if (d !== undefined) observe(r, 'duration', d, thresholds);
  const t = seconds(m.ttftMs);
  if (t !== undefined) observe(r, 'ttft', t, thresholds);
}
