/**
 * What the gateway measures per request, handed to a sink when the request
 * ends: the embedded store records these in-process (issue 5). No prompt,
 * completion or credential is ever part of a measurement.
 */
import type { ErrorClass, ErrorType } from '../spec/index.ts';

export interface RequestMeasurement {
  requestId: string;
  environment: string;
  /** Bounded model label (served models or the spec's; else "other"). */
  model: string;
  /** Pod that served it; "" when no pod was reached. */
  pod: string;
  api: 'chat' | 'completions';
  stream: boolean;
  /** Status sent to the client (200 for a stream that later broke). */
  status: number;
  errorClass: ErrorClass | undefined;
  errorType: ErrorType | undefined;
  /** The client went away first: not an error, not a finished request. */
  cancelled: boolean;
  /**
   * A cancellation after the client waited longer than every latency
   * threshold (engine's abandonedSlow): also one slow request of the latency
   * SLIs, with the wait as its duration. Absent means false.
   */
  abandonedSlow?: boolean;
  /** Wall-clock time the request arrived (ms since the epoch). */
  receivedAt: number;
  /** Received to last byte sent. */
  durationMs: number;
  /** Received to first content token (streaming) or whole response (not streaming). */
  ttftMs: number | undefined;
  promptTokens: number | undefined;
  completionTokens: number | undefined;
  /** Retried once on another pod after a refused connection. */
  retried: boolean;
}

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
