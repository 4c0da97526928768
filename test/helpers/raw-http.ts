/**
 * One HTTP/1.1 request written byte for byte on a socket: node:http and
 * fetch normalise a URL's dot segments and backslashes before sending, which
 * would hide exactly what the gateway's path and header checks are about.
 */
import { connect } from 'node:net';

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `method target` with `headers` (and `body`) to `base`, Connection: close unless given; resolves with the reply. */
export function rawRequest(
  base: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<RawReply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = (split === -1 ? text : text.slice(0, split)).split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0);
      const out: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) out[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      let rest = split === -1 ? '' : text.slice(split + 4);
      if (out['transfer-encoding'] === 'chunked') rest = dechunk(rest);
      resolve({ status, headers: out, body: rest });
    });
    const lines = [`${method} ${target} HTTP/1.1`];
    const given = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
    if (!given.has('host')) lines.push(`Host: ${u.host}`);
    if (!given.has('connection')) lines.push('Connection: close');
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    // write, not end: a half-closed socket makes node:http abandon a reply still being produced.
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

/** Joins a chunked body (enough for test replies). */
function dechunk(text: string): string {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const eol = text.indexOf('\r\n', at);
    const size = Number.parseInt(text.slice(at, eol), 16);
    if (!(size > 0)) break;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
  return out;
}
