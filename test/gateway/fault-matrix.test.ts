/**
 * The gateway's fault matrix (README, "Failure semantics"): per upstream
 * fault, what the client sees, which counters move (requests, errors by type,
 * attempts by outcome) and how many attempts reached a pod. Each row runs
 * against misbehaving pods written for it (misbehaving-pod.ts) with short
 * timeouts: response 300 ms, idle 300 ms.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { Gateway } from '../../src/gateway/index.ts';
import { sample } from './gateway-harness.ts';
import {
  type Behaviour,
  type ClientView,
  chunk,
  endChunked,
  type MisbehavingPod,
  MODEL,
  misbehavingPod,
  post,
  reply,
  sseHeaders,
} from './misbehaving-pod.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const json = (o: object) => JSON.stringify(o);
const content = (t: string) => json({ id: 'c', choices: [{ index: 0, delta: { content: t } }] });
const USAGE = json({
  id: 'c',
  choices: [],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
});

/** An SSE stream with line ends `nl`; the usage event only when the request asked for it (as vLLM). */
function events(nl: string, usage: boolean, done = true): string[] {
  const e = (d: string) => `data: ${d}${nl}${nl}`;
  return [e(content('Hel')), e(content('lo')), ...(usage ? [e(USAGE)] : []), ...(done ? [e('[DONE]')] : [])];
}
const asksUsage = (body: Record<string, unknown>) =>
  (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;

/** Streams `parts` as chunks `gapMs` apart, then ends the body. */
function stream(parts: (body: Record<string, unknown>) => (string | Buffer)[], gapMs = 0): Behaviour {
  return async (socket, req) => {
    sseHeaders(socket);
    for (const p of parts(req.body)) {
      chunk(socket, p);
      if (gapMs) await wait(gapMs);
    }
    endChunked(socket);
  };
}

const BIG = Buffer.alloc(8 * 1024 * 1024, 'a');
const BIG_EVENT = Buffer.concat([Buffer.from(`data: {"choices":[{"index":0,"delta":{"content":"`), BIG]);

interface Row {
  fault: string;
  /** The pods' behaviours; the first is tried first. */
  pods: Behaviour[];
  /** Applied to the first pod after the gateway started. */
  setup?: (pod: MisbehavingPod) => Promise<void>;
  stream?: boolean;
  client: { status: number; cut: boolean; body?: string | Buffer };
  /** vllm_errors_total by error_type (all pods); none listed: no error. */
  errors: Record<string, number>;
  /** vllm_upstream_attempts_total by pod index and outcome (only non-zero ones listed). */
  attempts: Record<string, number>;
  /** Completion requests each pod read. */
  reached: number[];
  skipped?: number;
}

const ROWS: Row[] = [
  {
    fault: 'accept and hang',
    pods: [() => {}],
    client: { status: 504, cut: false },
    errors: { timeout: 1 },
    attempts: { '0/timeout': 1 },
    reached: [1],
  },
  {
    fault: 'headers, then stall',
    pods: [
      (s: Socket) => {
        sseHeaders(s);
        chunk(s, `data: ${content('Hel')}\n\n`);
      },
    ],
    stream: true,
    client: { status: 200, cut: true },
    errors: { timeout: 1 },
    attempts: { '0/timeout': 1 },
    reached: [1],
  },
  {
    fault: 'reset after reading the request (never sent twice)',
    pods: [(s: Socket) => s.resetAndDestroy(), (s: Socket) => s.resetAndDestroy()],
    client: { status: 502, cut: false },
    errors: { unavailable: 1 },
    attempts: { '0/reset': 1 },
    reached: [1, 0],
  },
  {
    fault: 'refused: nothing listening, the request never left (retried on the next pod)',
    pods: [() => {}, (s: Socket) => reply(s, 200, json({ choices: [] }))],
    setup: (pod) => pod.refuse(),
    client: { status: 200, cut: false },
    errors: {},
    attempts: { '0/refused': 1, '1/ok': 1 },
    reached: [0, 1],
  },
  {
    fault: '500 to everything',
    pods: [(s: Socket) => reply(s, 500, json({ error: { message: 'boom' } }))],
    client: { status: 500, cut: false },
    errors: { internal: 1 },
    attempts: { '0/http_5xx': 1 },
    reached: [1],
  },
  {
    fault: '503 to everything',
    pods: [(s: Socket) => reply(s, 503, json({ error: { message: 'busy' } }))],
    client: { status: 503, cut: false },
    errors: { unavailable: 1 },
    attempts: { '0/http_5xx': 1 },
    reached: [1],
  },
  {
    fault: 'garbage, not HTTP',
    pods: [(s: Socket) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n')],
    client: { status: 502, cut: false },
    errors: { unavailable: 1 },
    attempts: { '0/reset': 1 },
    reached: [1],
  },
  {
    fault: 'truncated chunked body',
    pods: [
      (s: Socket) => {
        s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
        chunk(s, '{"choices":[{"message":');
        s.destroy();
      },
    ],
    client: { status: 200, cut: true },
    errors: { stream_aborted: 1 },
    attempts: { '0/reset': 1 },
    reached: [1],
  },
  {
    fault: 'CRLF stream',
    pods: [stream((b) => events('\r\n', asksUsage(b)))],
    stream: true,
    client: { status: 200, cut: false, body: events('\r\n', false).join('') },
    errors: {},
    attempts: { '0/ok': 1 },
    reached: [1],
  },
  {
    fault: 'stream without [DONE]',
    pods: [stream((b) => events('\n', asksUsage(b), false))],
    stream: true,
    client: { status: 200, cut: true },
    errors: { stream_aborted: 1 },
    attempts: { '0/reset': 1 },
    reached: [1],
  },
  {
    fault: 'in-stream error event',
    pods: [
      stream(() => [
        `data: ${content('Hel')}\n\ndata: {"error": {"message": "x", "code": 500}}\n\n`,
        'data: [DONE]\n\n',
      ]),
    ],
    stream: true,
    client: {
      status: 200,
      cut: false,
      body: `data: ${content('Hel')}\n\ndata: {"error": {"message": "x", "code": 500}}\n\ndata: [DONE]\n\n`,
    },
    errors: { stream_error: 1 },
    attempts: { '0/http_5xx': 1 },
    reached: [1],
  },
  {
    fault: 'slow drip under the idle timeout',
    pods: [stream((b) => events('\n', asksUsage(b)).flatMap((e) => [e.slice(0, 8), e.slice(8)]), 100)],
    stream: true,
    client: { status: 200, cut: false, body: events('\n', false).join('') },
    errors: {},
    attempts: { '0/ok': 1 },
    reached: [1],
  },
  {
    fault: '8 MB event without a separator',
    pods: [stream(() => [BIG_EVENT, '"}}]}\n\n', 'data: [DONE]\n\n'])],
    stream: true,
    client: {
      status: 200,
      cut: false,
      body: Buffer.concat([BIG_EVENT, Buffer.from('"}}]}\n\ndata: [DONE]\n\n')]),
    },
    errors: {},
    attempts: { '0/ok': 1 },
    reached: [1],
    skipped: 1,
  },
];

const started: Array<() => Promise<void>> = [];
after(async () => {
  for (const stop of started) await stop();
});

async function run(row: Row): Promise<{ view: ClientView; text: string; pods: MisbehavingPod[] }> {
  const pods: MisbehavingPod[] = [];
  for (const b of row.pods) pods.push(await misbehavingPod(b));
  const gateway = new Gateway({
    environment: 'production',
    upstreams: pods.map((p, i) => ({ name: `pod-${i}`, url: p.url })),
    probeIntervalMs: 60_000,
    timeouts: { connectMs: 1000, responseMs: 300, idleMs: 300 },
  });
  await gateway.start();
  started.push(async () => {
    await gateway.stop(500);
    for (const p of pods) await p.stop();
  });
  if (row.setup && pods[0]) await row.setup(pods[0]);
  const view = await post(gateway.url, row.stream ? { stream: true } : {});
  // The measurement is recorded when the gateway's side of the response ends.
  await wait(50);
  return { view, text: await gateway.metrics.text(), pods };
}

const TYPES = ['internal', 'unavailable', 'timeout', 'stream_aborted', 'stream_error', 'rate_limited'];
const OUTCOMES = ['ok', 'refused', 'reset', 'timeout', 'http_5xx'];

describe('fault matrix', () => {
  for (const row of ROWS)
    it(row.fault, async () => {
      const { view, text, pods } = await run(row);
      assert.equal(view.status, row.client.status, 'status');
      assert.equal(view.cut, row.client.cut, 'response cut');
      if (row.client.body !== undefined)
        assert.ok(view.body.equals(Buffer.from(row.client.body)), 'bytes reach the client unchanged');
      assert.equal(sumMatching(text, 'vllm_requests_total{', ''), 1, 'one request');
      for (const type of TYPES)
        assert.equal(
          sumMatching(text, 'vllm_errors_total{', `error_type="${type}"`),
          row.errors[type] ?? 0,
          `errors ${type}`,
        );
      for (const [i] of row.pods.entries())
        for (const outcome of OUTCOMES)
          assert.equal(
            sample(
              text,
              `vllm_upstream_attempts_total{environment="production",pod="pod-${i}",outcome="${outcome}"}`,
            ),
            row.attempts[`${i}/${outcome}`] ?? 0,
            `attempts pod-${i} ${outcome}`,
          );
      assert.deepEqual(
        pods.map((p) => p.reached),
        row.reached,
        'requests that reached each pod',
      );
      assert.equal(
        sample(text, 'vllm_gateway_inspection_skipped_total{environment="production"}'),
        row.skipped ?? 0,
      );
      if (row.fault === 'CRLF stream')
        assert.equal(
          sample(text, `vllm_prompt_tokens_total{environment="production",model="${MODEL}",pod="pod-0"}`),
          5,
        );
    });
});

function sumMatching(text: string, prefix: string, label: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix) && l.includes(label))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
