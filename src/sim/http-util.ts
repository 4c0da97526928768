/** Small HTTP helpers for the simulator: bounded body reading and JSON replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './openai-format.ts';

/** vLLM accepts large prompts; beyond this the request is refused with 413 rather than buffered. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/** Reads and decodes a JSON body, refusing oversize and malformed ones. */
export function readJson(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve({ ok: false, status: 413, message: `request body over ${MAX_BODY_BYTES} bytes` });
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch (err) {
        resolve({ ok: false, status: 400, message: `invalid JSON body: ${(err as Error).message}` });
      }
    });
    req.on('error', () => {
      if (!done) {
        done = true;
        resolve({ ok: false, status: 400, message: 'request body could not be read' });
      }
    });
  });
}

/** True for `application/json`, with or without parameters (`; charset=utf-8`), in any case. */
export function isJsonType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Sends a JSON reply (keeps the connection usable, like uvicorn). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Sends an OpenAI-shaped error; `type` overrides the one the status implies. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  param: string | null = null,
  type?: string,
): void {
  sendJson(res, status, errorBody(status, message, param, type));
}
