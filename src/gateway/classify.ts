/**
 * Transport failures of an upstream attempt, from undici's error codes. What
 * a status or a broken stream counts as is the engine's (src/engine/outcome.ts).
 *
 * Whether a failed attempt may be retried on another pod is not decided by
 * the code alone: a reset (ECONNRESET, EPIPE, UND_ERR_SOCKET) after the
 * request was written may come from a pod that read the POST and started on
 * it. The relay retries only errors of a connection that never carried the
 * request (undici calls the handler's onRequestStart just before it writes
 * the request; a connect error comes before it).
 */
import { timeoutKind } from './timeouts.ts';

/** Errors of a connection that could not be set up: the pod cannot have seen the request. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The error's code, or its cause's (undici wraps socket errors). */
export function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

/** A connection failure; retried on another pod only when it came before the request was written. */
export function isConnectFailure(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && CONNECT_FAILURES.has(code);
}

/** A connect, response-header, idle or total timeout. */
export function isTimeout(err: unknown): boolean {
  return timeoutKind(codeOf(err)) !== undefined;
}

/** The pod answered something that is not HTTP (undici's llhttp parser errors, HPE_*). */
export function isInvalidResponse(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && (code.startsWith('HPE_') || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH');
}
