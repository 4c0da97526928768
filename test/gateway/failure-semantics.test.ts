/**
 * What counts as a failure through the gateway (issue 10), with the official
 * openai client against the simulator: a 404 for an unknown model is the
 * client's and no bad event; the gateway's own API-key check never reaches
 * the request metrics; a 500 is a failure; vLLM's in-stream error event is a
 * server `stream_error` while the client gets the stream unchanged; failed
 * requests stay out of the latency and TTFT histograms.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { badEvents, emptyRollup } from '../../src/engine/index.ts';
import { DEFAULT_FAILURE_TYPES } from '../../src/spec/index.ts';
import { addMeasurement } from '../../src/store/add-measurement.ts';
import { chatBody, raw } from '../sim/sim-harness.ts';
import { rig, sample, until } from './gateway-harness.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const L = `environment="production",model="${MODEL}",pod="vllm-production-0"`;

/** Bad events of everything the gateway measured, as the store counts them. */
function bad(measured: Parameters<typeof addMeasurement>[1][]): number {
  const r = emptyRollup();
  for (const m of measured) addMeasurement(r, m);
  return badEvents(r, DEFAULT_FAILURE_TYPES);
}

describe('failures through the gateway', () => {
  it('a 404 for an unknown model is recorded as a client error and is no bad event; a 500 is one', async () => {
    const r = await rig();
    try {
      await assert.rejects(
        r.client.chat.completions.create({
          model: 'no-such-model',
          messages: [{ role: 'user', content: 'hi' }],
        }),
        (err: unknown) => err instanceof OpenAI.NotFoundError,
      );
      const text = await r.gateway.metrics.text();
      assert.equal(
        sample(
          text,
          `vllm_errors_total{environment="production",model="other",pod="vllm-production-0",error_class="client",error_type="not_found"}`,
        ),
        1,
      );
      assert.equal(bad(r.measured), 0);
      const failed = await raw(`${r.gateway.url}/v1/chat/completions`, {
        body: chatBody(MODEL),
        headers: { 'x-sim-fault': '500' },
      });
      assert.equal(failed.status, 500);
      assert.equal(bad(r.measured), 1);
      // Neither failure is in the latency histograms.
      const after = await r.gateway.metrics.text();
      assert.equal(sample(after, `vllm_request_duration_seconds_count{${L}}`), 0);
      assert.equal(sample(after, `vllm_time_to_first_token_seconds_count{${L}}`), 0);
      assert.equal(sample(after, `vllm_requests_total{${L}}`), 1);
    } finally {
      await r.stop();
    }
  });

  it("the gateway's own API-key check never reaches requests, errors or histograms", async () => {
    const r = await rig(1, {}, { apiKey: 'k-123' });
    try {
      await assert.rejects(
        r.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
        (err: unknown) => err instanceof OpenAI.AuthenticationError,
      );
      const text = await r.gateway.metrics.text();
      assert.equal(sample(text, 'vllm_gateway_auth_rejections_total{environment="production"}'), 1);
      assert.doesNotMatch(text, /^vllm_requests_total\{.*\} [1-9]/m);
      assert.doesNotMatch(text, /^vllm_errors_total\{.*\} [1-9]/m);
      assert.doesNotMatch(text, /^vllm_request_duration_seconds_count\{.*\} [1-9]/m);
      assert.equal(r.measured.length, 0);
    } finally {
      await r.stop();
    }
  });

  it("vLLM's in-stream error event is a server stream_error; the client gets the bytes unchanged", async () => {
    const r = await rig();
    try {
      const body = chatBody(MODEL, { stream: true, max_tokens: 20, ignore_eos: true });
      const direct = await raw(`${r.pods[0]?.url}/v1/chat/completions`, {
        body,
        headers: { 'x-sim-fault': 'stream-error' },
      });
      const via = await raw(`${r.gateway.url}/v1/chat/completions`, {
        body,
        headers: { 'x-sim-fault': 'stream-error' },
      });
      assert.equal(via.status, 200);
      // Same events as the pod sends (ids and timestamps differ per response).
      const shape = (t: string) =>
        t
          .replace(/"id":"[^"]+"/g, '"id":""')
          .replace(/"created":\d+/g, '"created":0')
          .replace(/"content":"[^"]*"/g, '"content":""');
      assert.equal(shape(via.body), shape(direct.body));
      assert.match(via.body, /data: \{"error": \{"message": .*"code": 500\}\}\n\ndata: \[DONE\]\n\n$/);
      await until(
        async () =>
          sample(
            await r.gateway.metrics.text(),
            `vllm_errors_total{${L},error_class="server",error_type="stream_error"}`,
          ) === 1,
        'stream_error',
      );
      const text = await r.gateway.metrics.text();
      assert.equal(sample(text, `vllm_request_duration_seconds_count{${L}}`), 0);
      assert.equal(sample(text, `vllm_inter_token_latency_seconds_count{${L}}`), 0);
      assert.equal(bad(r.measured), 1);

      // The official client reads the stream until the error event, which it raises.
      const stream = await r.client.chat.completions.create(
        {
          model: MODEL,
          messages: [{ role: 'user', content: 'hi' }],
          stream: true,
          max_tokens: 20,
        },
        { headers: { 'x-sim-fault': 'stream-error' } },
      );
      await assert.rejects(async () => {
        for await (const _ of stream);
      }, /simulated engine failure/);
    } finally {
      await r.stop();
    }
  });

  it('a successful stream is in the latency, TTFT and inter-token histograms', async () => {
    const r = await rig();
    try {
      const stream = await r.client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        max_tokens: 10,
      });
      for await (const _ of stream);
      await until(
        async () => sample(await r.gateway.metrics.text(), `vllm_request_duration_seconds_count{${L}}`) === 1,
        'the duration observation',
      );
      const text = await r.gateway.metrics.text();
      assert.equal(sample(text, `vllm_time_to_first_token_seconds_count{${L}}`), 1);
      assert.ok(sample(text, `vllm_inter_token_latency_seconds_count{${L}}`) >= 1);
    } finally {
      await r.stop();
    }
  });
});
