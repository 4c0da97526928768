/**
 * The simulator rejects what vLLM's OpenAI server rejects, with its status,
 * error type and param, and accepts what it accepts (tests rely on its
 * realism). Two kinds of 400 in vLLM: pydantic request validation
 * (type "Bad Request", param "body.<field>") and SamplingParams checks
 * (type "BadRequestError", vLLM's own message); see src/sim/request.ts for
 * the vLLM sources each row follows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APIError } from 'openai';
import { request } from 'undici';
import type { SimPod } from '../../src/sim/index.ts';
import { client, fastPod } from './sim-harness.ts';

interface Expect {
  status: number;
  type?: string;
  param?: string | null;
  message?: string | RegExp;
}
type Case = [name: string, body: Record<string, unknown>, expect: Expect];

const USER = [{ role: 'user', content: 'Say hello.' }];
const VALIDATION = 'Bad Request';
const SAMPLING = 'BadRequestError';
const OK: Expect = { status: 200 };

/** Chat bodies as vLLM judges them; `messages` defaults to one user message. */
const CHAT: Case[] = [
  // Roles: vLLM's CustomChatCompletionMessageParam takes any string role (vllm/entrypoints/chat_utils.py).
  ['a custom role is accepted', { messages: [{ role: 'narrator', content: 'Once.' }] }, OK],
  ['developer and tool roles', { messages: [{ role: 'developer', content: 'Be brief.' }, ...USER] }, OK],
  ['a role that is not a string', { messages: [{ role: 5, content: 'hi' }] }, bad('body.messages.0.role')],
  ['a message without a role', { messages: [{ content: 'hi' }] }, bad('body.messages.0.role')],
  ['a message that is not an object', { messages: ['hi'] }, bad('body.messages.0')],
  // Content: a string, a list of parts, absent; null only for an assistant turn.
  ['content as a number', { messages: [{ role: 'user', content: 5 }] }, bad('body.messages.0.content')],
  [
    'content as an object',
    { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }] },
    bad('body.messages.0.content'),
  ],
  [
    'null content from the user',
    { messages: [{ role: 'user', content: null }] },
    bad('body.messages.0.content'),
  ],
  [
    'a content part that is a number',
    { messages: [{ role: 'user', content: [5] }] },
    bad('body.messages.0.content.0'),
  ],
  ['content parts', { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }, OK],
  [
    'null content in an assistant turn',
    { messages: [...USER, { role: 'assistant', content: null }, { role: 'user', content: 'Go on.' }] },
    OK,
  ],
  // n: an int (pydantic), 1..VLLM_MAX_N_SEQUENCES (16384) and 1 when greedy (SamplingParams).
  ['n = 0', { n: 0 }, sampling('n must be at least 1, got 0.', null)],
  ['n above VLLM_MAX_N_SEQUENCES', { n: 16385 }, sampling(/^n must be at most 16384, got 16385\./, null)],
  ['n as a word', { n: 'two' }, bad('body.n')],
  ['n as a fraction', { n: 1.5 }, bad('body.n')],
  [
    'n > 1 with greedy sampling',
    { n: 2, temperature: 0 },
    sampling('n must be 1 when using greedy sampling, got 2.', null),
  ],
  ['n = 2', { n: 2 }, OK],
  // max_tokens: an int; at least 1.
  ['max_tokens = 0', { max_tokens: 0 }, sampling('max_tokens must be at least 1, got 0.', 'max_tokens')],
  [
    'negative max_tokens',
    { max_tokens: -5 },
    sampling('max_tokens must be at least 1, got -5.', 'max_tokens'),
  ],
  [
    'max_completion_tokens = 0',
    { max_completion_tokens: 0 },
    sampling('max_tokens must be at least 1, got 0.', 'max_tokens'),
  ],
  ['max_tokens as a word', { max_tokens: 'many' }, bad('body.max_tokens')],
  ['max_tokens as a numeric string (pydantic lax mode)', { max_tokens: '5' }, OK],
  // temperature and top_p: floats in range.
  [
    'temperature above 2',
    { temperature: 3 },
    sampling('temperature must be in [0, 2], got 3.0.', 'temperature'),
  ],
  [
    'negative temperature',
    { temperature: -1 },
    sampling('temperature must be non-negative, got -1.0.', 'temperature'),
  ],
  ['temperature as a word', { temperature: 'hot' }, bad('body.temperature')],
  ['top_p = 0', { top_p: 0 }, sampling('top_p must be in (0, 1], got 0.0.', 'top_p')],
  [
    'presence_penalty above 2',
    { presence_penalty: 2.5 },
    sampling('presence_penalty must be in [-2, 2], got 2.5.', null),
  ],
  // stream: a bool, pydantic-lax ("true", 1 pass); stream_options only with stream.
  ['stream as a word', { stream: 'maybe' }, bad('body.stream')],
  ['stream = 2', { stream: 2 }, bad('body.stream')],
  [
    'stream_options without stream',
    { stream_options: { include_usage: true } },
    {
      status: 400,
      type: VALIDATION,
      param: 'stream_options',
      message: /Stream options can only be defined when `stream=True`/,
    },
  ],
  ['stream_options: 5 with stream', { stream: true, stream_options: 5 }, bad('body.stream_options')],
  ['seed beyond int64', { seed: 1e19 }, bad('body.seed')],
];

const COMPLETIONS: Case[] = [
  ['n = 0', { n: 0 }, sampling('n must be at least 1, got 0.', null)],
  ['max_tokens = 0', { max_tokens: 0 }, sampling('max_tokens must be at least 1, got 0.', 'max_tokens')],
  ['stream as a word', { stream: 'maybe' }, bad('body.stream')],
  [
    'temperature above 2',
    { temperature: 2.5 },
    sampling('temperature must be in [0, 2], got 2.5.', 'temperature'),
  ],
  ['n = 3', { n: 3 }, OK],
];

function bad(param: string): Expect {
  return { status: 400, type: VALIDATION, param };
}
function sampling(message: string | RegExp, param: string | null): Expect {
  return { status: 400, type: SAMPLING, param, message };
}

/** vLLM's ErrorResponse: {"error": {message, type, param, code}} and nothing else. */
function assertErrorShape(body: unknown, e: Expect, what: string): void {
  const err = (body as { error?: Record<string, unknown> }).error;
  assert.ok(err, `${what}: no "error" object in ${JSON.stringify(body)}`);
  assert.deepEqual(Object.keys(body as object), ['error'], what);
  assert.deepEqual(Object.keys(err).sort(), ['code', 'message', 'param', 'type'], what);
  assert.equal(err.code, e.status, what);
  assert.equal(typeof err.message, 'string', what);
  if (e.type !== undefined) assert.equal(err.type, e.type, `${what}: type`);
  if (e.param !== undefined) assert.equal(err.param, e.param, `${what}: param`);
  if (typeof e.message === 'string') assert.equal(err.message, e.message, `${what}: message`);
  else if (e.message) assert.match(String(err.message), e.message, `${what}: message`);
}

describe('the simulator judges requests as vLLM does (openai client)', () => {
  let pod: SimPod;
  before(async () => {
    pod = await fastPod();
  });
  after(() => pod.stop());

  /** Sends any body through the official client (casts let it carry what its types forbid). */
  async function send(api: 'chat' | 'completions', body: Record<string, unknown>) {
    const c = client(pod);
    const base = { model: pod.model, max_tokens: 5, ...body };
    try {
      if (api === 'chat') {
        const params = { messages: USER, ...base } as unknown as Parameters<
          typeof c.chat.completions.create
        >[0];
        const r = await c.chat.completions.create(params);
        // A stream is drained so the request finishes before the next.
        if (Symbol.asyncIterator in (r as object)) for await (const _ of r as AsyncIterable<unknown>);
      } else {
        const params = { prompt: 'Once upon a time', ...base } as unknown as Parameters<
          typeof c.completions.create
        >[0];
        const r = await c.completions.create(params);
        if (Symbol.asyncIterator in (r as object)) for await (const _ of r as AsyncIterable<unknown>);
      }
      return { status: 200, body: undefined };
    } catch (err) {
      assert.ok(err instanceof APIError, `not an API error: ${String(err)}`);
      return { status: err.status ?? 0, body: { error: err.error } };
    }
  }

  for (const [api, cases] of [
    ['chat', CHAT],
    ['completions', COMPLETIONS],
  ] as const) {
    for (const [name, body, expect] of cases) {
      it(`${api}: ${name} -> ${expect.status}`, async () => {
        const r = await send(api, body);
        assert.equal(r.status, expect.status, `${name}: ${JSON.stringify(r.body)}`);
        if (expect.status !== 200) assertErrorShape(r.body, expect, name);
      });
    }
  }
});

describe('the simulator judges Content-Type as vLLM does (raw undici)', () => {
  let pod: SimPod;
  before(async () => {
    pod = await fastPod();
  });
  after(() => pod.stop());

  // vllm/entrypoints/openai/utils.py validate_json_request: a RequestValidationError with one string.
  const UNSUPPORTED: Expect = {
    status: 400,
    type: VALIDATION,
    param: null,
    message: "1 validation error:\n  Unsupported Media Type: Only 'application/json' is allowed",
  };
  const JSON_ERROR: Expect = { status: 400, type: VALIDATION, message: /JSON/ };
  const CASES: Array<[contentType: string | undefined, body: 'valid' | 'invalid', expect: Expect]> = [
    ['text/plain', 'valid', UNSUPPORTED],
    ['application/x-www-form-urlencoded', 'valid', UNSUPPORTED],
    ['', 'valid', UNSUPPORTED],
    [undefined, 'valid', UNSUPPORTED],
    // Without a Content-Type FastAPI decodes the body first: a JSON error comes before the media type.
    [undefined, 'invalid', JSON_ERROR],
    ['application/merge-patch+json', 'valid', UNSUPPORTED],
    ['application/json; charset=utf-8', 'valid', OK],
    ['Application/JSON', 'valid', OK],
  ];

  for (const path of ['/v1/chat/completions', '/v1/completions']) {
    for (const [contentType, kind, expect] of CASES) {
      it(`${path} with Content-Type ${JSON.stringify(contentType)} and ${kind} JSON -> ${expect.status}`, async () => {
        const payload =
          path === '/v1/chat/completions'
            ? { model: pod.model, messages: USER, max_tokens: 3 }
            : { model: pod.model, prompt: 'Once', max_tokens: 3 };
        const r = await request(`${pod.url}${path}`, {
          method: 'POST',
          headers: contentType === undefined ? {} : { 'content-type': contentType },
          body: kind === 'valid' ? JSON.stringify(payload) : '{"model": ',
        });
        const text = await r.body.text();
        assert.equal(r.statusCode, expect.status, text);
        if (expect.status !== 200) assertErrorShape(JSON.parse(text), expect, String(contentType));
      });
    }
  }
});
