/**
 * The SSE inspector reads every framing the WHATWG EventSource grammar
 * allows (CRLF, CR, LF line ends; an event ended by one blank line): the
 * bytes go out as they came (less only the usage event the gateway itself
 * asked for), tokens, usage and [DONE] are found, and what it holds per
 * stream is capped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INSPECTION_LIMIT_BYTES, SseInspector } from '../../src/gateway/sse-inspector.ts';

const CHUNKS = [
  { id: 'c', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] },
  { id: 'c', choices: [{ index: 0, delta: { content: 'Grüße' } }] },
  { id: 'c', choices: [{ index: 0, delta: { content: ' 𝄞' } }] },
];
const USAGE = { id: 'c', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } };

/** A stream with line ends `nl`; `usage` includes the usage event. */
function stream(nl: string, usage: boolean): string {
  const events = [...CHUNKS, ...(usage ? [USAGE] : [])].map((c) => `data: ${JSON.stringify(c)}${nl}${nl}`);
  return `${events.join('')}: keep-alive${nl}${nl}data: [DONE]${nl}${nl}`;
}

function cut(bytes: Buffer, step: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += step) out.push(bytes.subarray(i, i + step));
  return out;
}

function run(chunks: readonly Buffer[], dropUsage: boolean) {
  let tokens = 0;
  const inspector = new SseInspector({ onToken: () => tokens++ }, dropUsage);
  const parts = chunks.map((c) => inspector.push(c));
  parts.push(inspector.end());
  return { out: Buffer.concat(parts), tokens, inspector };
}

describe('SSE framing', () => {
  for (const [name, nl] of [
    ['CRLF', '\r\n'],
    ['CR', '\r'],
    ['LF', '\n'],
  ] as const)
    it(`${name}: byte-identical at any chunk boundary, tokens, usage and [DONE] found`, () => {
      const whole = Buffer.from(stream(nl, true));
      for (const step of [1, 2, 3, 5, 17, 4096]) {
        const got = run(cut(whole, step), false);
        assert.ok(got.out.equals(whole), `step ${step}: bytes changed`);
        assert.equal(got.tokens, 2, `step ${step}`);
        assert.deepEqual(got.inspector.usage, { promptTokens: 5, completionTokens: 2 });
        assert.equal(got.inspector.done, true, `step ${step}`);
        // The gateway's own usage request: exactly the usage event's bytes are left out.
        const dropped = run(cut(whole, step), true);
        assert.equal(dropped.out.toString(), stream(nl, false), `step ${step}: dropUsage`);
        assert.deepEqual(dropped.inspector.usage, { promptTokens: 5, completionTokens: 2 });
      }
    });

  it('events separated by a single LF line each are still events (multi-line data joined)', () => {
    const text = 'data: {"choices":[{"delta":\ndata: {"content":"x"}}]}\n\ndata: [DONE]\n\n';
    const got = run(cut(Buffer.from(text), 3), false);
    assert.equal(got.out.toString(), text);
    assert.equal(got.inspector.done, true);
  });

  it('an 8 MB event without a separator: inspection stops at the limit, the bytes still pass', () => {
    let skipped = 0;
    for (const dropUsage of [false, true]) {
      const inspector = new SseInspector({ onToken() {}, onSkipped: () => skipped++ }, dropUsage);
      const piece = Buffer.alloc(64 * 1024, 'a');
      const head = Buffer.from('data: {"x":"');
      let passed = inspector.push(head).length;
      let max = 0;
      for (let sent = 0; sent < 8 * 1024 * 1024; sent += piece.length) {
        passed += inspector.push(piece).length;
        max = Math.max(max, inspector.bufferedBytes);
      }
      // Everything was relayed: what was held back for the usage check was released at the limit.
      assert.equal(passed, head.length + 8 * 1024 * 1024);
      assert.ok(max <= INSPECTION_LIMIT_BYTES, `held ${max} bytes`);
      assert.equal(inspector.skipped, true);
      assert.equal(
        inspector.push(Buffer.from('"}\n\ndata: [DONE]\n\n')).toString(),
        '"}\n\ndata: [DONE]\n\n',
      );
      inspector.end();
      assert.equal(inspector.done, true);
    }
    assert.equal(skipped, 2);
  });
});
