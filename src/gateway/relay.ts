/**
 * Passing an upstream response to the client as it arrives, chunk by chunk,
 * while measuring it: TTFT and inter-token gaps from the SSE stream, usage
 * from the last chunk or the JSON body. A stream that breaks or ends without
 * `[DONE]` is cut for the client too, never finished as if it succeeded.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import type { Dispatcher } from 'undici';
import { clientHeaders } from './body.ts';
import { STREAM_ABORTED } from './classify.ts';
import { type Draft, finish, type ProxyContext } from './proxy.ts';
import { parseUsage, SseInspector } from './sse-inspector.ts';

/** Non-streamed bodies are kept (for usage) up to this size; larger ones are passed through unparsed. */
const MAX_COLLECT = 4 * 1024 * 1024;

/** Waits for the socket to drain, or for the client to go away. */
async function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed) return;
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

export async function relayResponse(
  ctx: ProxyContext,
  d: Draft,
  upstream: Dispatcher.ResponseData,
  res: ServerResponse,
  injectUsage: boolean,
  clientGone: () => boolean,
): Promise<void> {
  d.status = upstream.statusCode;
  const type = String(upstream.headers['content-type'] ?? '');
  const sse = d.stream && upstream.statusCode === 200 && type.includes('text/event-stream');
  const length = upstream.headers['content-length'];
  res.writeHead(upstream.statusCode, {
    ...clientHeaders(upstream.headers),
    // A body passed through unchanged keeps its length: one write instead of chunked framing.
    ...(!sse && typeof length === 'string' ? { 'content-length': length } : {}),
    'x-request-id': d.requestId,
  });
  // A streaming client sees the response start before the first token; other replies go out whole.
  if (sse) res.flushHeaders();
  let last = 0;
  const inspector = sse
    ? new SseInspector(
        {
          onToken() {
            const now = performance.now();
            if (d.ttftMs === undefined) d.ttftMs = now - d.started;
            else d.interTokenMs.push(now - last);
            last = now;
          },
        },
        injectUsage,
      )
    : undefined;
  const decoder = new StringDecoder('utf8');
  const kept: Buffer[] = [];
  let keptBytes = 0;
  try {
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
      if (clientGone()) break;
      let out: string | Buffer = chunk;
      if (inspector) {
        const forwarded = inspector.push(decoder.write(chunk));
        if (injectUsage) out = forwarded;
      } else if (keptBytes < MAX_COLLECT) {
        kept.push(chunk);
        keptBytes += chunk.length;
      }
      if (out.length > 0 && !res.write(out)) await drained(res);
    }
  } catch {
    if (!clientGone()) {
      res.destroy();
      return finish(ctx, d, STREAM_ABORTED);
    }
  }
  if (clientGone()) {
    upstream.body.destroy();
    d.cancelled = true;
    return finish(ctx, d);
  }
  if (inspector && !inspector.done) {
    // The upstream ended the stream without [DONE]: the client must see a broken stream.
    res.destroy();
    return finish(ctx, d, STREAM_ABORTED);
  }
  const usage = inspector
    ? inspector.usage
    : keptBytes < MAX_COLLECT
      ? parseUsage(Buffer.concat(kept).toString('utf8'))
      : undefined;
  d.promptTokens = usage?.promptTokens;
  d.completionTokens = usage?.completionTokens;
  res.end();
  if (!res.writableFinished) await Promise.race([once(res, 'finish'), once(res, 'close')]);
  if (!d.stream || !sse) d.ttftMs = d.status < 400 ? performance.now() - d.started : undefined;
  finish(ctx, d);
}
