/**
 * The unit the store keeps: everything about the requests of one period of
 * one (environment, model, pod), in a form that merges by addition, so
 * minutes add up to hours and days without losing the quantiles.
 */
import { Sketch } from '../engine/index.ts';
import type { RequestMeasurement } from '../gateway/index.ts';

/** One (period, environment, model, pod) row; also the result of merging rows. */
export interface Rollup {
  /** Finished requests, errors included, cancellations not. */
  requests: number;
  /** Failed requests by `${error_class}:${error_type}`. */
  errors: Map<string, number>;
  /** Sum of `errors`. */
  errorsTotal: number;
  /** Requests the client abandoned first: not errors, not requests. */
  cancellations: number;
  /** Request duration in seconds. */
  duration: Sketch;
  /** Time to first token in seconds. */
  ttft: Sketch;
  promptTokens: number;
  generationTokens: number;
}

/** Counts from the collector: what happened in the minute containing `at`. */
export interface RollupDelta {
  /** Milliseconds since the epoch; the delta lands in the minute holding it. */
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
  };
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
}

/** Seconds from milliseconds, or undefined for a value a sketch cannot hold (NaN, infinite). */
function seconds(ms: number | undefined): number | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  return Math.max(0, ms) / 1000;
}

/**
 * Folds one finished request into a rollup exactly as the gateway's /metrics
 * counts it, so the store and Prometheus agree: a cancellation counts only as
 * a cancellation; every other request counts once, its error (if any) by
 * class and type, its duration, TTFT and tokens.
 */
export function addMeasurement(r: Rollup, m: RequestMeasurement): void {
  if (m.cancelled) {
    r.cancellations += 1;
    return;
  }
  r.requests += 1;
  if (m.errorClass !== undefined && m.errorType !== undefined) {
    const key = `${m.errorClass}:${m.errorType}`;
    r.errors.set(key, (r.errors.get(key) ?? 0) + 1);
    r.errorsTotal += 1;
  }
  const d = seconds(m.durationMs);
  if (d !== undefined) r.duration.add(d);
  const t = seconds(m.ttftMs);
  if (t !== undefined) r.ttft.add(t);
  r.promptTokens += m.promptTokens ?? 0;
  r.generationTokens += m.completionTokens ?? 0;
}
