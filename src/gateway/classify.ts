/**
 * Error classes and types of the metric contract (DESIGN.md): every failed
 * request gets an error_class (client, server) and an error_type. HTTP
 * semantics decide the class: 4xx is the client's, 5xx and transport
 * failures are the server's.
 */

export type ErrorClass = 'client' | 'server';
export type ErrorType =
  | 'invalid_request'
  | 'auth'
  | 'not_found'
  | 'rate_limited'
  | 'internal'
  | 'unavailable'
  | 'timeout'
  | 'stream_aborted';

export const ERROR_TYPES: readonly ErrorType[] = [
  'invalid_request',
  'auth',
  'not_found',
  'rate_limited',
  'internal',
  'unavailable',
  'timeout',
  'stream_aborted',
];

export interface ErrorKind {
  errorClass: ErrorClass;
  errorType: ErrorType;
}

/** The class and type of an error status; undefined for a success (< 400). */
export function classifyStatus(status: number): ErrorKind | undefined {
  if (status < 400) return undefined;
  if (status === 401 || status === 403) return { errorClass: 'client', errorType: 'auth' };
  if (status === 404) return { errorClass: 'client', errorType: 'not_found' };
  if (status === 429) return { errorClass: 'client', errorType: 'rate_limited' };
  if (status < 500) return { errorClass: 'client', errorType: 'invalid_request' };
  if (status === 502 || status === 503) return { errorClass: 'server', errorType: 'unavailable' };
  if (status === 504) return { errorClass: 'server', errorType: 'timeout' };
  return { errorClass: 'server', errorType: 'internal' };
}

/** A stream that broke after it started: the server's failure, whatever status went out first. */
export const STREAM_ABORTED: ErrorKind = { errorClass: 'server', errorType: 'stream_aborted' };

/** undici error codes of a connection that never got a response (safe to retry on another pod). */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
]);
const TIMEOUTS = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

/** The error's code, or its cause's (undici wraps socket errors). */
export function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

/** The upstream could not be reached at all. */
export function isConnectionFailure(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && NOT_CONNECTED.has(code);
}

/** The upstream took longer than the configured timeout. */
export function isTimeout(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && TIMEOUTS.has(code);
}
