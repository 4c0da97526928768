/**
 * The vocabulary of failed requests (DESIGN.md's metric contract): every
 * failed request gets an error_class and an error_type, and each environment
 * names which error types are bad events of its availability, success-rate
 * and error-rate SLIs. What a request's outcome is and whether it counts is
 * decided in src/engine (outcome.ts); the names live here so the spec can
 * validate them.
 */

/** Who caused a failure: the caller (4xx) or the service (5xx, transport, broken streams, 429). */
export type ErrorClass = 'client' | 'server';

/** Every error type the gateway records (label `error_type`). */
export const ERROR_TYPES = [
  'invalid_request',
  'auth',
  'not_found',
  'rate_limited',
  'internal',
  'unavailable',
  'timeout',
  'stream_aborted',
  /** vLLM's in-stream failure: HTTP 200, then `data: {"error": ...}`, then `data: [DONE]`. */
  'stream_error',
] as const;

export type ErrorType = (typeof ERROR_TYPES)[number];

/**
 * The failures the service caused, the default bad events: 5xx, connection
 * failures, timeouts, broken streams, and 429 (the service refused work it
 * could not take). Client errors (400/401/403/404/413/422) are recorded but
 * not bad events (issue 10).
 */
export const DEFAULT_FAILURE_TYPES: readonly ErrorType[] = [
  'internal',
  'unavailable',
  'timeout',
  'stream_aborted',
  'stream_error',
  'rate_limited',
];
