/**
 * Transport failures of an upstream attempt, from undici's error codes. What
 * a status or a broken stream counts as is the engine's (src/engine/outcome.ts).
 */

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
