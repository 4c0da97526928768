/**
 * The named peer of the simulator's throughput figures: the least a Node.js
 * server must do to answer an OpenAI chat completion — read the body, parse
 * it as JSON, send a fixed chat.completion of the size the simulator sends
 * for 16 tokens. The simulator's req/s over this one's, measured in the same
 * run with the same load, is its HTTP-path efficiency; the rest of the
 * machine's noise cancels out.
 *
 * Run: node --import tsx bench/peer-server.ts [port]; prints `listening <url>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withJsonBody } from './json-body.ts';

// The same fields and about the same length as the simulator's reply to max_tokens 16 (about 480 bytes).
const BODY = JSON.stringify({
  id: 'chatcmpl-0123456789abcdef0123456789abcdef',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'sim/bench',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content:
          ' the model serves tokens with low latency and a steady error budget while batches grow under load',
        tool_calls: [],
      },
      logprobs: null,
      finish_reason: 'length',
      stop_reason: null,
    },
  ],
  usage: { prompt_tokens: 8, total_tokens: 24, completion_tokens: 16 },
  prompt_logprobs: null,
});
const HEADERS = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) };

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(404, { 'content-length': 0 });
    res.end();
    return;
  }
  withJsonBody(req, res, () => {
    res.writeHead(200, HEADERS);
    res.end(BODY);
  });
});
// As the simulator does (uvicorn-like): keep idle keep-alive connections for a while.
server.keepAliveTimeout = 65_000;

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening http://127.0.0.1:${port}`);
});

for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
