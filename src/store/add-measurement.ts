/**
 * One finished request from the gateway folded into the unit the store keeps,
 * the engine's Rollup (which src/collect fills from scrapes instead).
 */
import { addError, type Rollup } from '../engine/index.ts';
import type { RequestMeasurement } from '../gateway/index.ts';

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
  if (m.errorClass !== undefined && m.errorType !== undefined) addError(r, m.errorClass, m.errorType, 1);
  const d = seconds(m.durationMs);
  if (d !== undefined) r.duration.add(d);
  const t = seconds(m.ttftMs);
  if (t !== undefined) r.ttft.add(t);
  r.promptTokens += m.promptTokens ?? 0;
  r.generationTokens += m.completionTokens ?? 0;
}
