/**
 * The minimal upstream of the gateway benchmark: every proxy under test
 * forwards to this one process on loopback, so their figures differ only by
 * what the proxy adds. It answers as a vLLM pod would, but does no work:
 *
 * - POST /v1/chat/completions: a fixed chat.completion (with usage) at once;
 *   with `stream: true`, SSE chunks at a slow steady pace (one per
 *   <chunk ms>, default 1000) until max_tokens chunks or the client leaves,
 *   then usage (when asked for) and [DONE];
 * - GET /health: 200; GET /v1/models: the one model;
 * - GET /bench/streams: how many streams are open (to check that a proxy
 *   closes its upstream streams when its clients leave).
 *
 * Run: node --import tsx bench/gateway-upstream.ts [port] [chunk ms]; prints `listening <url>`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withJsonBody } from './json-body.ts';

// The model of every benchmark request: the one bench/stream-client.ts sends too.
const BENCH_MODEL = 'sim/bench';

const CREATED = 1_700_000_000;
const COMPLETION = JSON.stringify({
  id: 'chatcmpl-0123456789abcdef0123456789abcdef',
  object: 'chat.completion',
  created: CREATED,
  model: BENCH_MODEL,
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: ' the gateway adds little to a request that costs nothing upstream',
      },
      logprobs: null,
      finish_reason: 'length',
    },
  ],
  usage: { prompt_tokens: 8, completion_tokens: 16, total_tokens: 24 },
});
const MODELS = JSON.stringify({
  object: 'list',
  data: [{ id: BENCH_MODEL, object: 'model', created: CREATED, owned_by: 'bench' }],
});

function chunk(delta: Record<string, unknown>, finish: string | null): string {
  const c = {
    id: 'chatcmpl-stream',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: BENCH_MODEL,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(c)}\n\n`;
}

let openStreams = 0;

/** One slow stream: a token per `chunkMs`, so thousands can be held open on a shared 2-core machine. */
function stream(res: ServerResponse, maxTokens: number, includeUsage: boolean, chunkMs: number): void {
  openStreams++;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(chunk({ role: 'assistant', content: '' }, null));
  let sent = 0;
  const timer = setInterval(() => {
    sent++;
    if (sent < maxTokens) {
      res.write(chunk({ content: ' tok' }, null));
      return;
    }
    clearInterval(timer);
    res.write(chunk({ content: ' tok' }, 'length'));
    if (includeUsage) {
      const usage = { prompt_tokens: 8, completion_tokens: sent, total_tokens: 8 + sent };
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-stream', choices: [], usage })}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  }, chunkMs);
  res.once('close', () => {
    clearInterval(timer);
    openStreams--;
  });
}

const chunkMs = Number(process.argv[3] ?? 1000);
const server = createServer((req, res) => {
  if (req.method === 'GET' && (req.url === '/health' || req.url === '/bench/streams')) {
    const body = req.url === '/health' ? '' : String(openStreams);
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (req.method === 'GET' && req.url === '/v1/models') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(MODELS) });
    res.end(MODELS);
    return;
  }
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(404, { 'content-length': 0 });
    res.end();
    return;
  }
  withJsonBody(req, res, (parsed) => {
    const body = (parsed ?? {}) as {
      stream?: unknown;
      max_tokens?: unknown;
      stream_options?: { include_usage?: unknown };
    };
    if (body.stream === true) {
      const max = typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : 16;
      stream(res, max, body.stream_options?.include_usage === true, chunkMs);
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(COMPLETION),
    });
    res.end(COMPLETION);
  });
});
// Proxies pool their upstream connections: never be the side that closes an idle one mid-run.
server.keepAliveTimeout = 120_000;
// 5,000 streams arrive within a few seconds; a short accept queue would drop SYNs (retried after 1 s).
server.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1', backlog: 4096 }, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening http://127.0.0.1:${port}`);
});

for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
