/**
 * The SSE inspector works on bytes: whatever the chunk boundaries (inside a
 * multi-byte character, inside the blank line, inside the usage event), it
 * forwards the original bytes, counts the same tokens and finds the same
 * usage and [DONE] as a reading of the decoded text (the reference below).
 */
import assert from 'node:assert/strict';
import { StringDecoder } from 'node:string_decoder';
import { describe, it } from 'node:test';
import { SseInspector } from '../../src/gateway/sse-inspector.ts';
import { parseUsage } from '../../src/gateway/usage.ts';

/** The text-based inspector the byte one replaced: decodes everything, then matches patterns. */
function reference(chunks: readonly Buffer[], dropUsage: boolean) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let out = '';
  let tokens = 0;
  let done = false;
  let usage: ReturnType<typeof parseUsage>;
  for (const c of chunks) {
    pending += decoder.write(c);
    for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
      const event = pending.slice(0, end + 2);
      pending = pending.slice(end + 2);
      const data = event.startsWith('data: ') ? event.slice(6, -2) : event.trim();
      let keep = true;
      if (data === '[DONE]') done = true;
      else {
        if (/"(?:content|text)":"(?!")/.test(data)) tokens++;
        if (/"choices":\[\],"usage":\{|"usage":\{[^}]*\}[^{]*"choices":\[\]/.test(data)) {
          usage = parseUsage(data);
          keep = !dropUsage;
        }
      }
      if (keep) out += event;
    }
  }
  return { out: Buffer.from(out), tokens, done, usage };
}

function run(chunks: readonly Buffer[], dropUsage: boolean) {
  let tokens = 0;
  const inspector = new SseInspector({ onToken: () => tokens++ }, dropUsage);
  const out = Buffer.concat(chunks.map((c) => inspector.push(c)));
  return { out, tokens, done: inspector.done, usage: inspector.usage };
}

const event = (o: object) => `data: ${JSON.stringify(o)}\n\n`;
const STREAM = [
  event({ id: 'c', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }),
  ...['Grüße', ' 𝄞', ' ✓', ' naïve', ' "quoted"', ' \\'].map((t) =>
    event({ id: 'c', choices: [{ index: 0, delta: { content: t }, finish_reason: null }] }),
  ),
  event({ id: 'c', choices: [{ index: 0, text: ' legacy' }] }),
  ': a comment line\n\n',
  event({ id: 'c', choices: [], usage: { prompt_tokens: 5, total_tokens: 12, completion_tokens: 7 } }),
  'data: [DONE]\n\n',
].join('');

/** The stream cut at every `step`-th byte, so boundaries fall everywhere, also inside characters. */
function cut(text: string, step: number, offset = 0): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [bytes.subarray(0, offset)];
  for (let i = offset; i < bytes.length; i += step) out.push(bytes.subarray(i, i + step));
  return out.filter((b) => b.length > 0);
}

describe('SSE inspector', () => {
  for (const dropUsage of [false, true])
    it(`agrees with the text reading at any chunk boundary (dropUsage ${dropUsage})`, () => {
      for (const step of [1, 2, 3, 5, 13, 64, 1000])
        for (let offset = 0; offset < Math.min(step, 7); offset++) {
          const chunks = cut(STREAM, step, offset);
          const got = run(chunks, dropUsage);
          const want = reference(chunks, dropUsage);
          assert.deepEqual(got, want, `step ${step}, offset ${offset}`);
        }
    });

  it('forwards the original chunk objects unchanged when usage is kept', () => {
    const inspector = new SseInspector({ onToken() {} }, false);
    for (const c of cut(STREAM, 7)) assert.equal(inspector.push(c), c);
  });

  it('removes a usage event split across chunks, and reads its usage', () => {
    const got = run(cut(STREAM, 11), true);
    assert.doesNotMatch(got.out.toString(), /usage/);
    assert.deepEqual(got.usage, { promptTokens: 5, completionTokens: 7 });
    assert.equal(got.tokens, 7);
    assert.equal(got.done, true);
  });

  it('passes bytes that are not valid UTF-8 through untouched', () => {
    const bad = Buffer.concat([
      Buffer.from('data: {"choices":[{"delta":{"content":"'),
      Buffer.from([0xff, 0xfe]),
    ]);
    const chunks = [bad, Buffer.from('"}}]}\n\ndata: [DONE]\n\n')];
    for (const dropUsage of [false, true]) {
      const got = run(chunks, dropUsage);
      assert.ok(got.out.equals(Buffer.concat(chunks)));
      assert.equal(got.tokens, 1);
    }
  });

  it('sees no [DONE] in a stream that stops without it', () => {
    const got = run(cut(STREAM.slice(0, STREAM.indexOf('data: [DONE]')), 9), false);
    assert.equal(got.done, false);
  });

  it("finds vLLM's in-stream error event at any chunk boundary and forwards its bytes unchanged", () => {
    // vLLM's shape (serving_chat.py): json.dumps writes `{"error": {`, then [DONE] follows.
    const error =
      'data: {"error": {"message": "engine died", "type": "InternalServerError", "param": null, "code": 500}}\n\n';
    const text = STREAM.replace('data: [DONE]', `${error}data: [DONE]`);
    for (const dropUsage of [false, true])
      for (const step of [1, 2, 3, 7, 64, 1000]) {
        const chunks = cut(text, step);
        const inspector = new SseInspector({ onToken() {} }, dropUsage);
        const out = Buffer.concat(chunks.map((c) => inspector.push(c)));
        assert.equal(inspector.error, true, `step ${step}`);
        assert.equal(inspector.done, true);
        assert.ok(out.toString().includes(error));
        if (!dropUsage) assert.ok(out.equals(Buffer.from(text)));
      }
  });

  it('takes no "error" inside content or a later key for an error event', () => {
    const text = [
      event({ id: 'c', choices: [{ index: 0, delta: { content: '{"error": 1}' } }] }),
      event({ id: 'c', choices: [{ index: 0, delta: {} }], error: null }),
      'data: [DONE]\n\n',
    ].join('');
    const inspector = new SseInspector({ onToken() {} }, false);
    for (const c of cut(text, 5)) inspector.push(c);
    assert.equal(inspector.error, false);
    assert.equal(inspector.done, true);
  });

  it("tells each token's choice by the chunk's first index, a tool call's own index aside", () => {
    const choices: number[] = [];
    const inspector = new SseInspector({ onToken: (c) => choices.push(c) }, false);
    const chunk = (index: number, delta: object) => event({ id: 'c', choices: [{ index, delta }] });
    inspector.push(
      Buffer.from(
        [
          chunk(0, { content: 'a' }),
          chunk(2, { content: 'b' }),
          chunk(1, { content: 'c', tool_calls: [{ index: 0, function: { arguments: '' } }] }),
          event({ id: 'c', choices: [{ text: 'no index' }] }),
        ].join(''),
      ),
    );
    assert.deepEqual(choices, [0, 2, 1, 0]);
  });
});
