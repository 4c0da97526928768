/** Shared pieces of the store tests: measurements and a fixed clock. */
import type { RequestMeasurement } from '../../src/engine/index.ts';
import type { SloStore } from '../../src/store/index.ts';

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
    promptTokens: 10,
    completionTokens: 20,
    retried: false,
    ...over,
  };
}

/**
 * Records `n` requests of `durationMs` finishing one a second over the
 * `spreadSeconds` before `end` (cycling when n is larger), the i-th with
 * `over(i)` applied.
 */
export function recordRequests(
  store: Pick<SloStore, 'record'>,
  n: number,
  end: number,
  spreadSeconds: number,
  over: (i: number) => Partial<RequestMeasurement> = () => ({}),
  durationMs = 200,
): void {
  for (let i = 0; i < n; i++)
    store.record(measurement(end - 1000 - (i % spreadSeconds) * 1000, durationMs, over(i)));
}

/** Every tenth request (from the first) a server error: a 10 % error ratio. */
export function everyTenthFails(i: number): Partial<RequestMeasurement> {
  return i % 10 === 0 ? { errorClass: 'server', errorType: 'internal' } : {};
}

/** The exact q-quantile of sorted values, by the rank the sketch uses. */
export function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}

/** |a - b| / b */
export function relativeError(got: number | undefined, exact: number): number {
  return Math.abs((got ?? Number.NaN) - exact) / exact;
}
