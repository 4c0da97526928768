/** Shared pieces of the store tests: measurements and a fixed clock. */
import type { RequestMeasurement } from '../../src/gateway/measurement.ts';

/** 2026-03-02T00:00:00Z, a Monday: whole days and hours are easy to read. */
export const T0 = Date.UTC(2026, 2, 2);
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * A successful, non-streaming request finishing at `finishedAt`; override
 * any field. receivedAt is derived so that the request finishes at the given
 * time, the minute the store files it under.
 */
export function measurement(
  finishedAt: number,
  durationMs: number,
  over: Partial<RequestMeasurement> = {},
): RequestMeasurement {
  return {
    requestId: `r-${finishedAt}-${durationMs}`,
    environment: 'production',
    model: 'llama',
    pod: 'pod-a',
    api: 'chat',
    stream: false,
    status: 200,
    errorClass: undefined,
    errorType: undefined,
    cancelled: false,
    receivedAt: finishedAt - durationMs,
    durationMs,
    ttftMs: durationMs,
    interTokenMs: [],
    promptTokens: 10,
    completionTokens: 20,
    retried: false,
    ...over,
  };
}

/** The exact q-quantile of sorted values, by the rank the sketch uses. */
export function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}

/** |a - b| / b */
export function relativeError(got: number | undefined, exact: number): number {
  return Math.abs((got ?? Number.NaN) - exact) / exact;
}
