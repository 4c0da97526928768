/**
 * The gateway's token accounting for requests with several choices: `n > 1`
 * and a list of prompts. vLLM's usage already sums every choice's completion
 * tokens and counts each prompt once; the gateway takes it as it is, streamed
 * (the usage chunk it asks for) or not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rig, sample } from './gateway-harness.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const L = `environment="production",model="${MODEL}",pod="vllm-production-0"`;
/** vLLM extension: generate exactly max_tokens. */
const IGNORE_EOS = { ignore_eos: true } as object;

describe('gateway usage with several choices', () => {
  it('a streamed chat with n = 3 meters the tokens of all three', async () => {
    const r = await rig();
    try {
      const stream = await r.client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'x'.repeat(40) }],
        n: 3,
        max_tokens: 4,
        stream: true,
        ...IGNORE_EOS,
      });
      for await (const _ of stream);
      const m = r.measured[0];
      assert.equal(m?.completionTokens, 12);
      // The prompt counts once: 10 tokens, 4 for the message, 3 for the reply (src/sim/tokens.ts).
      assert.equal(m?.promptTokens, 17);
      const text = await r.gateway.metrics.text();
      assert.equal(sample(text, `vllm_generation_tokens_total{${L}}`), 12);
      // Gaps are per choice, as vLLM counts them per sequence: 3 choices x 3 gaps, not 11 across them.
      assert.equal(sample(text, `vllm_inter_token_latency_seconds_count{${L}}`), 9);
    } finally {
      await r.stop();
    }
  });

  it('completions with a list of prompts and n = 2, not streamed', async () => {
    const r = await rig();
    try {
      const out = await r.client.completions.create({
        model: MODEL,
        prompt: [[1, 2, 3, 4], [5]],
        n: 2,
        max_tokens: 3,
        ...IGNORE_EOS,
      });
      assert.equal(out.choices.length, 4);
      const m = r.measured[0];
      assert.equal(m?.promptTokens, 5);
      assert.equal(m?.completionTokens, 12);
    } finally {
      await r.stop();
    }
  });
});
