/**
 * The soak's request mix: what each request of the steady load is. Most are
 * ordinary chat and text completions, streamed and not; some are abandoned
 * by the client part-way; some are malformed in the ways the gateway must
 * refuse itself (issue 17 §1: bad JSON, a body over the limit, unknown and
 * traversing paths, bad percent-encoding) or forward for the pod to refuse
 * (`stream_options: 5`). Every code path that keeps per-request state in
 * the gateway (in flight, reservations, timers, stream inspectors, log rate
 * limits) is then taken thousands of times in ten minutes.
 */
import type { Rng } from '../src/sim/index.ts';

/** The kinds of request, each a row of the report. */
export type RequestKind =
  | 'chat'
  | 'chat-stream'
  | 'chat-stream-usage'
  | 'completion'
  | 'cancel-early'
  | 'cancel-mid-stream'
  | 'bad-json'
  | 'too-large'
  | 'unknown-route'
  | 'traversal'
  | 'bad-encoding'
  | 'invalid-field';

/** One request to send: to the gateway and, the same, to the peer. */
export interface RequestPlan {
  kind: RequestKind;
  method: 'GET' | 'POST';
  path: string;
  body: string;
  /** A Content-Length to declare instead of the body's (a body over the gateway's limit, never sent). */
  declaredLength?: number;
  /** The client gives up this many ms after sending (before the answer, or mid-stream). */
  abortAfterMs?: number;
}

/** Shares of the mix, in percent (sum 100): mostly good traffic, about 8 % malformed, 8 % cancelled. */
export const MIX: ReadonlyArray<readonly [RequestKind, number]> = [
  ['chat', 40],
  ['chat-stream', 22],
  ['chat-stream-usage', 10],
  ['completion', 12],
  ['cancel-early', 3],
  ['cancel-mid-stream', 5],
  ['bad-json', 2],
  ['too-large', 1],
  ['unknown-route', 1],
  ['traversal', 2],
  ['bad-encoding', 1],
  ['invalid-field', 1],
];

// The gateway's body limit is 10 MiB (src/gateway/gateway.ts); declaring more makes it answer 413 unread.
const OVER_LIMIT = 11 * 1024 * 1024;
const CHAT = '/v1/chat/completions';
const WORDS = ['latency', 'budget', 'token', 'batch', 'pod', 'queue', 'stream', 'cache', 'burn', 'window'];

function prompt(rng: Rng): string {
  return Array.from({ length: rng.int(5, 60) }, () => WORDS[rng.int(0, WORDS.length - 1)]).join(' ');
}

function chat(model: string, rng: Rng, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model,
    messages: [{ role: 'user', content: prompt(rng) }],
    max_tokens: rng.int(8, 48),
    ...extra,
  });
}

function pick(rng: Rng): RequestKind {
  let x = rng.next() * 100;
  for (const [kind, share] of MIX) {
    x -= share;
    if (x < 0) return kind;
  }
  return 'chat';
}

/** The next request of the mix for `model`, drawn from `rng`. */
export function nextRequest(model: string, rng: Rng): RequestPlan {
  const kind = pick(rng);
  const post = (path: string, body: string): RequestPlan => ({ kind, method: 'POST', path, body });
  switch (kind) {
    case 'chat':
      return post(CHAT, chat(model, rng));
    case 'chat-stream':
      return post(CHAT, chat(model, rng, { stream: true }));
    case 'chat-stream-usage':
      return post(CHAT, chat(model, rng, { stream: true, stream_options: { include_usage: true } }));
    case 'completion':
      return post(
        '/v1/completions',
        JSON.stringify({ model, prompt: prompt(rng), max_tokens: rng.int(8, 48) }),
      );
    case 'cancel-early':
      // Gone before the first token (the 7b profile's TTFT is about 60 ms, more under load).
      return { ...post(CHAT, chat(model, rng)), abortAfterMs: rng.int(5, 40) };
    case 'cancel-mid-stream':
      return {
        ...post(CHAT, chat(model, rng, { stream: true, max_tokens: 200 })),
        abortAfterMs: rng.int(100, 800),
      };
    case 'bad-json':
      return post(CHAT, '{"model": "x", "messages": [');
    case 'too-large':
      return { ...post(CHAT, ''), declaredLength: OVER_LIMIT };
    case 'unknown-route':
      return post('/v2/chat/completions', chat(model, rng));
    case 'traversal':
      return {
        kind,
        method: 'GET',
        path: rng.next() < 0.5 ? '/v1/../admin/faults' : '/v1/%2e%2e/metrics',
        body: '',
      };
    case 'bad-encoding':
      return { kind, method: 'GET', path: '/v1/models%zz', body: '' };
    case 'invalid-field':
      return post(CHAT, chat(model, rng, { stream: true, stream_options: 5 }));
  }
}
