/** Reading a client's request body for the gateway: bounded, decoded as JSON. */
import type { IncomingMessage } from 'node:http';
import { hopByHop } from './forward-headers.ts';

export type ClientBody =
  | { ok: true; raw: Buffer; json: Record<string, unknown> }
  | { ok: false; status: 400 | 413; message: string };

/**
 * Reads the whole body (completion requests are small next to their
 * responses); over `limit` bytes it answers 413 without reading further.
 */
export function readClientBody(req: IncomingMessage, limit: number): Promise<ClientBody> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      resolve({
        ok: false,
        status: 413,
        message: `request body of ${declared} bytes is over the limit of ${limit}`,
      });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: ClientBody) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        settle({ ok: false, status: 413, message: `request body is over the limit of ${limit} bytes` });
        req.resume();
        return;
      }
      if (!settled) chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      try {
        const json: unknown = JSON.parse(raw.toString('utf8'));
        if (json === null || typeof json !== 'object' || Array.isArray(json))
          settle({ ok: false, status: 400, message: 'request body must be a JSON object' });
        else settle({ ok: true, raw, json: json as Record<string, unknown> });
      } catch (err) {
        settle({ ok: false, status: 400, message: `invalid JSON body: ${(err as Error).message}` });
      }
    });
    req.on('error', () => settle({ ok: false, status: 400, message: 'request body could not be read' }));
  });
}

/** Headers the gateway recomputes for the next hop: host from the pod's URL, the body's length. */
const RECOMPUTED = ['host', 'content-length'];

/** What not to copy from `headers`: hop-by-hop ones (forward-headers.ts) and the recomputed ones. */
function dropped(headers: Record<string, unknown>): Set<string> {
  const out = hopByHop(headers);
  for (const k of RECOMPUTED) out.add(k);
  return out;
}

/**
 * Headers to send upstream: the client's, less hop-by-hop ones (X-Forwarded-*
 * were set at the edge by setForwardedHeaders); Authorization passes through. `contentLength` is the length of the body actually sent
 * (the gateway may have rewritten it).
 */
export function upstreamHeaders(
  req: IncomingMessage,
  requestId: string,
  contentLength?: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = req.headers;
  const drop = dropped(headers);
  for (const k in headers) {
    const v = headers[k];
    if (v === undefined || drop.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  out['x-request-id'] = requestId;
  if (contentLength !== undefined) out['content-length'] = String(contentLength);
  return out;
}

/** Response headers to pass to the client, less hop-by-hop ones. */
export function clientHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const drop = dropped(headers);
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined && !drop.has(k)) out[k] = v;
  }
  return out;
}
