/**
 * Usage of a non-streamed body, found from its tail: it must agree with a
 * parse of the whole body in every case, including usage that is not at the
 * end, missing, nested, split across chunks, or after multi-byte text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUsage, usageFromBody, usageInTail } from '../../src/gateway/usage.ts';
import { FAKE_MODEL, fakeRig, post, writeParts } from './fake-pod.ts';

const USAGE = { prompt_tokens: 12, total_tokens: 19, completion_tokens: 7 };
const TEXT = 'ünïcødé ✓ 𝄞 '.repeat(400);

/** Splits a body into chunks of `size` bytes (cutting characters where it falls). */
function chunked(body: string, size: number): Buffer[] {
  const bytes = Buffer.from(body);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const BODIES: Record<string, string> = {
  'usage last but one, as vLLM sends it': JSON.stringify({
    id: 'x',
    choices: [{ message: { content: TEXT } }],
    usage: USAGE,
    prompt_logprobs: null,
  }),
  'pretty-printed': JSON.stringify({ choices: [{ message: { content: TEXT } }], usage: USAGE }, null, 2),
  'usage first, long text after it': JSON.stringify({
    usage: USAGE,
    choices: [{ message: { content: TEXT } }],
  }),
  'no usage': JSON.stringify({ choices: [{ message: { content: TEXT } }] }),
  'usage null': JSON.stringify({ choices: [{ message: { content: TEXT } }], usage: null }),
  'only a nested usage near the end': JSON.stringify({
    choices: [{ message: { content: TEXT } }],
    meta: { usage: USAGE },
  }),
  'a nested usage after the top-level one': JSON.stringify({
    choices: [{ message: { content: TEXT } }],
    usage: USAGE,
    meta: { usage: { prompt_tokens: 1, completion_tokens: 1 } },
  }),
  'the text quotes a usage key': JSON.stringify({
    choices: [{ message: { content: `${TEXT},"usage":{"prompt_tokens":1,"completion_tokens":1}}` } }],
  }),
  'a usage string in an array': JSON.stringify({
    choices: [{ message: { content: TEXT } }],
    tags: ['usage'],
  }),
  'not JSON at all': `<html>${TEXT}"usage":{"prompt_tokens":1,"completion_tokens":2}}`,
  'short body': JSON.stringify({ usage: USAGE }),
};

describe('usage from a body', () => {
  for (const [name, body] of Object.entries(BODIES))
    it(`agrees with a whole-body parse: ${name}`, () => {
      const whole = parseUsage(body);
      for (const size of [1, 7, 100, 1000, 4096, 1 << 20])
        assert.deepEqual(usageFromBody(chunked(body, size)), whole, `chunks of ${size} bytes`);
    });

  it('finds usage in the tail without parsing the rest', () => {
    assert.deepEqual(usageInTail(`ignored ,"usage":{"prompt_tokens":3,"completion_tokens":4}}`), {
      promptTokens: 3,
      completionTokens: 4,
    });
    assert.equal(typeof usageInTail('"content":"no usage here"}'), 'symbol', 'not in the tail');
  });

  it('counts the tokens of a large non-streamed reply that arrives in pieces', async () => {
    const body = BODIES['usage last but one, as vLLM sends it'] ?? '';
    const r = await fakeRig((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // The last cut falls inside the usage object.
      void writeParts(res, chunked(body, Math.ceil(body.length / 3) + 1).concat(Buffer.alloc(0)));
    });
    try {
      const out = await post(r.gateway.url, { model: FAKE_MODEL });
      assert.equal(out.body.toString(), body);
      assert.equal(r.measured[0]?.promptTokens, 12);
      assert.equal(r.measured[0]?.completionTokens, 7);
    } finally {
      await r.stop();
    }
  });
});
