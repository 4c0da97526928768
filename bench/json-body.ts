/**
 * The request-body step the benchmark's upstreams share: read the whole
 * body, parse it as JSON (the least any OpenAI server does per request) and
 * answer an empty 400 when it is not JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Calls `handle` with the parsed body, or answers 400 itself. */
export function withJsonBody(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (body: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-length': 0 });
      res.end();
      return;
    }
    handle(body);
  });
}
