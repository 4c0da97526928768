/**
 * The gateway between the official openai client and simulated vLLM pods:
 * streaming and not, usage handled as the client asked, the metric contract.
 * TTFT and duration are proved in timings.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { raw } from '../sim/sim-harness.ts';
import { rig, sample } from './gateway-harness.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const L = `environment="production",model="${MODEL}",pod="vllm-production-0"`;

describe('gateway with the openai client', () => {
  it('proxies a non-streamed chat completion and meters it', async () => {
    const r = await rig();
    try {
      const out = await r.client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'Hello' }],
        max_tokens: 5,
      });
      assert.equal(out.object, 'chat.completion');
      const m = r.measured[0];
      assert.ok(m);
      assert.equal(m.status, 200);
      assert.equal(m.errorType, undefined);
      assert.equal(m.model, MODEL);
      assert.equal(m.pod, 'vllm-production-0');
      assert.equal(m.completionTokens, out.usage?.completion_tokens);
      assert.equal(m.promptTokens, out.usage?.prompt_tokens);
      // Not streamed: TTFT is the whole response.
      assert.ok(m.ttftMs !== undefined && m.ttftMs <= m.durationMs);
      const text = await r.gateway.metrics.text();
      assert.equal(sample(text, `vllm_requests_total{${L}}`), 1);
      assert.equal(sample(text, `vllm_generation_tokens_total{${L}}`), out.usage?.completion_tokens);
      assert.equal(sample(text, `vllm_pod_up{environment="production",pod="vllm-production-0"}`), 1);
    } finally {
      await r.stop();
    }
  });

  it('streams token by token; usage it asked for upstream is removed again', async () => {
    const r = await rig();
    try {
      const stream = await r.client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'Hello' }],
        max_tokens: 20,
        stream: true,
        ...({ ignore_eos: true } as object),
      });
      let tokens = 0;
      let sawUsage = false;
      for await (const chunk of stream) {
        if (chunk.usage) sawUsage = true;
        if (chunk.choices[0]?.delta.content) tokens++;
      }
      assert.equal(tokens, 20);
      assert.equal(sawUsage, false, 'the client did not ask for usage');
      const m = r.measured[0];
      assert.equal(m?.completionTokens, 20);
      // Gaps go to the histogram as tokens arrive: 20 tokens, 19 gaps.
      assert.equal(
        sample(await r.gateway.metrics.text(), `vllm_inter_token_latency_seconds_count{${L}}`),
        19,
      );
      assert.ok((m?.ttftMs ?? 0) < (m?.durationMs ?? 0));
    } finally {
      await r.stop();
    }
  });

  it('keeps usage when the client asks for it', async () => {
    const r = await rig();
    try {
      const stream = await r.client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'Hello' }],
        max_tokens: 4,
        stream: true,
        stream_options: { include_usage: true },
        ...({ ignore_eos: true } as object),
      });
      let usage = 0;
      for await (const chunk of stream) usage = chunk.usage?.completion_tokens ?? usage;
      assert.equal(usage, 4);
    } finally {
      await r.stop();
    }
  });

  it('bounds the model label and passes /v1/models through', async () => {
    const r = await rig();
    try {
      const models = await r.client.models.list();
      assert.deepEqual(
        models.data.map((x) => x.id),
        [MODEL],
      );
      const res = await raw(`${r.gateway.url}/v1/chat/completions`, {
        body: JSON.stringify({ model: 'attacker-chosen-123', messages: [{ role: 'user', content: 'x' }] }),
      });
      assert.equal(res.status, 404);
      assert.equal(r.measured[0]?.model, 'other');
      assert.equal(r.measured[0]?.errorType, 'not_found');
    } finally {
      await r.stop();
    }
  });

  it('labels a request that names no model with the model the pod served it with, as vLLM does', async () => {
    const r = await rig();
    try {
      const bodies = [{}, { model: null }, { model: '' }].map((m) =>
        JSON.stringify({ ...m, messages: [{ role: 'user', content: 'x' }], max_tokens: 2 }),
      );
      for (const body of bodies) {
        const res = await raw(`${r.gateway.url}/v1/chat/completions`, { body });
        assert.equal(res.status, 200, body);
      }
      assert.deepEqual(
        r.measured.map((m) => m.model),
        [MODEL, MODEL, MODEL],
      );
    } finally {
      await r.stop();
    }
  });
});
