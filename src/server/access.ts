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

export const TOKEN_COOKIE = 'vllm_slo_token';

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** A random URL-safe access token (192 bits). */
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
    if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The Host header's name without its port. */
function hostName(req: IncomingMessage): string {
  const h = req.headers.host ?? '';
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : (h.split(':')[0] ?? '');
}

export type AccessDecision =
  | { kind: 'allow' }
  | { kind: 'deny'; status: 401 | 403; code: string; message: string }
  /** The token came in the query: set the cookie and redirect to `location`. */
  | { kind: 'login'; location: string; cookie: string };

/** Decides one request. `token` undefined means no token is required. */
export function checkAccess(
  req: IncomingMessage,
  url: URL,
  token: string | undefined,
  loopbackOnly: boolean,
): AccessDecision {
  if (loopbackOnly && !isLoopback(hostName(req)))
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
      location: `${url.pathname}${url.search}${url.hash}`,
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
