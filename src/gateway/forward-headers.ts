/**
 * Headers across the gateway, as a proxy must treat them. Hop-by-hop headers
 * (RFC 9110 section 7.6.1: Connection and every header it names,
 * Proxy-Connection, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade, and
 * the proxy credentials Proxy-Authorization and Proxy-Authenticate) belong to
 * one connection and never cross, in either direction. X-Forwarded-For gets
 * the client's address appended, as nginx's `$proxy_add_x_forwarded_for` and
 * Go's httputil.ReverseProxy do; what came before it is kept only from a
 * trusted proxy (nginx's realip `set_real_ip_from`, Express's `trust proxy`):
 * from anyone else it is the client's own claim and is replaced.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** RFC 9110 section 7.6.1, plus Proxy-Connection (non-standard, still sent by old clients). */
const HOP_BY_HOP = [
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
] as const;

/** The hop-by-hop header names of one message: the fixed ones and those its Connection header names. */
export function hopByHop(headers: IncomingHttpHeaders | Record<string, unknown>): Set<string> {
  const out = new Set<string>(HOP_BY_HOP);
  for (const key of ['connection', 'proxy-connection']) {
    const v = headers[key];
    for (const item of Array.isArray(v) ? v : [v])
      if (typeof item === 'string')
        for (const name of item.split(',')) if (name.trim()) out.add(name.trim().toLowerCase());
  }
  return out;
}

/** Whose X-Forwarded-For the gateway keeps: nobody's, the last `count` hops', or peers in `list`. */
export type TrustedProxies =
  | { kind: 'none' }
  | { kind: 'count'; count: number }
  | { kind: 'cidrs'; list: BlockList; text: string };

/** A --trusted-proxies value that is neither a count nor a list of addresses and CIDRs. */
export class TrustedProxiesError extends Error {
  readonly code = 'invalid_trusted_proxies';
  constructor(
    readonly value: string,
    readonly expected: string,
  ) {
    super(`--trusted-proxies: expected ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'TrustedProxiesError';
  }
}

const EXPECTED = 'a number of proxy hops (0-16) or a comma-separated list of addresses and CIDRs';

/**
 * Parses `--trusted-proxies`: "" or "0" trusts nobody (the default), a
 * number n trusts the n proxies nearest the gateway (so the last n
 * entries of what the peer sends, the ones those proxies appended), "10.0.0.0/8,::1" trusts peers in those ranges.
 */
export function parseTrustedProxies(text: string): TrustedProxies {
  const t = text.trim();
  if (t === '' || t === '0') return { kind: 'none' };
  if (/^\d+$/.test(t)) {
    const count = Number(t);
    if (count > 16) throw new TrustedProxiesError(text, EXPECTED);
    return { kind: 'count', count };
  }
  const list = new BlockList();
  for (const part of t.split(',')) {
    const [addr = '', prefix, extra] = part.trim().split('/');
    const family = isIP(addr);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    const max = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !/^\d+$/.test(String(bits)) || bits > max)
      throw new TrustedProxiesError(part.trim(), EXPECTED);
    list.addSubnet(addr, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return { kind: 'cidrs', list, text: t };
}

/** The peer's address, IPv4-mapped IPv6 (::ffff:10.0.0.1) written as IPv4. */
function peerAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

function trustedPeer(trusted: TrustedProxies, peer: string): boolean {
  if (trusted.kind === 'count') return trusted.count > 0;
  if (trusted.kind === 'none' || isIP(peer) === 0) return false;
  return trusted.list.check(peer, isIP(peer) === 6 ? 'ipv6' : 'ipv4');
}

/** The entries of an incoming X-Forwarded-For that trusted proxies wrote (each appends its own peer). */
function keptChain(trusted: TrustedProxies, trust: boolean, given: string[]): string[] {
  if (!trust) return [];
  return trusted.kind === 'count' ? given.slice(-trusted.count) : given;
}

/**
 * Rewrites the request's forwarding headers once, at the edge, before any
 * upstream copy is made: X-Forwarded-For is the trusted part of what came
 * (all of it from a trusted peer; the last `count` entries, those the
 * trusted hops wrote, with a count)
 * plus the peer's address; X-Forwarded-Proto and X-Forwarded-Host are kept
 * from a trusted peer and otherwise set from this connection, as is the
 * RFC 7239 Forwarded header dropped from an untrusted one.
 */
export function setForwardedHeaders(req: IncomingMessage, trusted: TrustedProxies): void {
  const h = req.headers;
  const peer = peerAddress(req);
  const trust = trustedPeer(trusted, peer);
  const given = (
    Array.isArray(h['x-forwarded-for']) ? h['x-forwarded-for'].join(',') : (h['x-forwarded-for'] ?? '')
  )
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  h['x-forwarded-for'] = [...keptChain(trusted, trust, given), peer].join(', ');
  if (!trust || !h['x-forwarded-proto']) h['x-forwarded-proto'] = 'http';
  if (!trust || !h['x-forwarded-host']) {
    if (h.host) h['x-forwarded-host'] = h.host;
    else delete h['x-forwarded-host'];
  }
  if (!trust) delete h.forwarded;
}
