/**
 * Where the gateway hands what it measured per request when the request
 * ends: the embedded store records these in-process (issue 5). The
 * measurement itself is the engine's (src/engine/outcome.ts), so the store
 * and the collector read it without importing the gateway.
 */
import type { RequestMeasurement } from '../engine/index.ts';

/** The gateway's sinks receive the engine's measurement of a request (src/engine/outcome.ts). */
export type { RequestMeasurement };

/** Receives every finished request. Must not throw and must not block (called on the hot path). */
export interface RequestSink {
  record(m: RequestMeasurement): void;
}

/** A sink that fans out to several (e.g. the store and a test recorder). */
export function fanOut(sinks: readonly RequestSink[]): RequestSink {
  return {
    record(m) {
      for (const s of sinks) s.record(m);
    },
  };
}
