/**
 * What a request's outcome is and whether it counts against an SLO: the one
 * place that decides it (issue 10). The gateway classifies with it, the store
 * and the collector fold outcomes with it, the sources count bad events with
 * it, and src/promql selects the same error types in PromQL.
 *
 * - HTTP semantics decide the class: 4xx is the client's, 5xx and transport
 *   failures the server's; 429 is the server's too (the service refused work
 *   it could not take).
 * - An environment's `failureTypes` (default DEFAULT_FAILURE_TYPES) decide
 *   which error types are bad events of availability, success rate and error
 *   rate.
 * - Latency and TTFT SLIs count successful requests only: a 10 ms 500 is not
 *   "fast"; failures belong to availability.
 */
import type { ErrorClass, ErrorType } from '../spec/index.ts';
import type { Rollup } from './rollup.ts';

/** The class and type of one failed request (labels error_class, error_type). */
export interface ErrorKind {
  errorClass: ErrorClass;
  errorType: ErrorType;
}

/** The class every error type belongs to; the gateway creates each pair at zero. */
export const ERROR_CLASS_OF: Readonly<Record<ErrorType, ErrorClass>> = {
  invalid_request: 'client',
  auth: 'client',
  not_found: 'client',
  rate_limited: 'server',
  internal: 'server',
  unavailable: 'server',
  timeout: 'server',
  stream_aborted: 'server',
  stream_error: 'server',
};

function kind(errorType: ErrorType): ErrorKind {
  return { errorClass: ERROR_CLASS_OF[errorType], errorType };
}

/**
 * The class and type of an error status; undefined for a success (< 400).
 * 401/403 auth, 404 not_found, 429 rate_limited (server: RFC 6585, the server
 * refused the load), other 4xx (400, 413, 422, ...) invalid_request; 502/503
 * unavailable, 504 timeout, other 5xx internal.
 */
export function classifyStatus(status: number): ErrorKind | undefined {
  if (status < 400) return undefined;
  if (status === 401 || status === 403) return kind('auth');
  if (status === 404) return kind('not_found');
  if (status === 429) return kind('rate_limited');
  if (status < 500) return kind('invalid_request');
  if (status === 502 || status === 503) return kind('unavailable');
  if (status === 504) return kind('timeout');
  return kind('internal');
}

/** A stream that broke after it started (cut, no `[DONE]`): the server's, whatever status went out first. */
export const STREAM_ABORTED: ErrorKind = kind('stream_aborted');

/**
 * vLLM's in-stream failure: HTTP 200, then `data: {"error": {...}}`, then
 * `data: [DONE]` (vllm/entrypoints/openai/serving_chat.py,
 * chat_completion_stream_generator): the server's failure though the stream ended.
 */
export const STREAM_ERROR: ErrorKind = kind('stream_error');

/** A timeout of the gateway's upstream (connect, response headers, idle stream, total deadline). */
export const TIMEOUT: ErrorKind = kind('timeout');

/**
 * Whether a request the client abandoned counts in the latency SLIs: when
 * the client waited longer than every latency threshold (seconds), the
 * request was slow for that user whatever it would have become, so it is
 * one slow request (its duration the wait). Abandoned sooner, it is only a
 * cancellation: how long it would have taken is unknown. Availability never
 * counts a cancellation.
 */
export function abandonedSlow(waitedMs: number, latencyThresholds: readonly number[]): boolean {
  if (latencyThresholds.length === 0 || !Number.isFinite(waitedMs)) return false;
  return waitedMs / 1000 > Math.max(...latencyThresholds);
}

/** Whether an error type is a bad event under an environment's failure set. */
export function isFailure(errorType: string | undefined, failureTypes: readonly string[]): boolean {
  return errorType !== undefined && failureTypes.includes(errorType);
}

/** The outcome of one finished request, as the gateway measures it. */
export interface RequestOutcome {
  errorClass: string | undefined;
  errorType: string | undefined;
}

/**
 * What the gateway measures per request, handed to its sink when the request
 * ends; the embedded store folds these into rollups (issue 5). No prompt,
 * completion or credential is ever part of a measurement.
 */
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

/**
 * Whether a request's duration and TTFT belong to the latency SLIs: only
 * successful requests (no error of any class) do.
 */
export function countsForLatency(outcome: RequestOutcome): boolean {
  return outcome.errorClass === undefined && outcome.errorType === undefined;
}

/**
 * The bad events of a rollup under a failure set: its errors (keyed
 * `${error_class}:${error_type}`) whose type is in the set.
 */
export function badEvents(r: Rollup, failureTypes: readonly string[]): number {
  let bad = 0;
  for (const [key, n] of r.errors) if (isFailure(key.slice(key.indexOf(':') + 1), failureTypes)) bad += n;
  return bad;
}
