/**
 * Who may read the API and pages. On 127.0.0.1 (the default) anyone on the
 * machine may, but only under a loopback Host name, so a web page elsewhere
 * cannot reach it by DNS rebinding. Exposed with --host, a token is
 * required: as a bearer header, or once as ?token= on a page, which sets an
 * HttpOnly cookie and redirects to the same URL without it, so the token
 * does not stay in the address bar or history.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostHeaderName, isLoopback } from '../net/index.ts';
import { decodable, localRedirect } from './request-guard.ts';

export { isLoopback };

export const TOKEN_COOKIE = 'vllm_slo_token';

/** A random URL-safe access token (192 bits, 32 characters). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares through hashes so neither length nor content leaks by timing. */
function sameToken(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    // A malformed encoding is no token (401 unless another credential passes), never a 500.
    if (k === TOKEN_COOKIE && decodable(v.join('='))) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export type AccessDecision =
  | { kind: 'allow' }
  | { kind: 'deny'; status: 401 | 403; code: 'unauthorized' | 'forbidden_host'; message: string }
  /** The token came in the query: set the cookie and redirect to `location`. */
  | { kind: 'login'; location: string; cookie: string };

/** Decides one request. `token` undefined means no token is required. */
export function checkAccess(
  req: IncomingMessage,
  url: URL,
  token: string | undefined,
  loopbackOnly: boolean,
): AccessDecision {
  if (loopbackOnly && !isLoopback(hostHeaderName(req.headers.host)))
    return {
      kind: 'deny',
      status: 403,
      code: 'forbidden_host',
      message:
        'this server answers only to localhost or 127.0.0.1; use --host to expose it (a token is then required)',
    };
  if (token === undefined) return { kind: 'allow' };
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && sameToken(auth.slice(7).trim(), token)) return { kind: 'allow' };
  const fromCookie = cookieToken(req);
  if (fromCookie !== undefined && sameToken(fromCookie, token)) return { kind: 'allow' };
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameToken(fromQuery, token)) {
    url.searchParams.delete('token');
    return {
      kind: 'login',
      location: localRedirect(`${url.pathname}${url.search}${url.hash}`),
      cookie: `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
    };
  }
  return {
    kind: 'deny',
    status: 401,
    code: 'unauthorized',
    message:
      'an access token is required: open the URL with ?token=... as printed at start, or send Authorization: Bearer',
  };
}
