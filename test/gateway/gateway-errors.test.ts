/**
 * Every failure a client can meet through the gateway gets the right status
 * and the right error_class/error_type counter; cancellations are counted
 * apart; bad bodies never reach the upstream.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTool } from '../helpers/tools.ts';
import { chatBody, raw } from '../sim/sim-harness.ts';
import { rig, sample, until } from './gateway-harness.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const L = `environment="production",model="${MODEL}",pod="vllm-production-0"`;
const errors = (text: string, cls: string, type: string) =>
  sample(text, `vllm_errors_total{${L},error_class="${cls}",error_type="${type}"}`);

describe('gateway errors', () => {
  it('maps each forced upstream error to its status and counter', async () => {
    const r = await rig();
    try {
      for (const [status, cls, type] of [
        [400, 'client', 'invalid_request'],
        [429, 'server', 'rate_limited'],
        [500, 'server', 'internal'],
        [503, 'server', 'unavailable'],
      ] as const) {
        const res = await raw(`${r.gateway.url}/v1/chat/completions`, {
          body: chatBody(MODEL),
          headers: { 'x-sim-fault': String(status) },
        });
        assert.equal(res.status, status);
        assert.equal(errors(await r.gateway.metrics.text(), cls, type), 1, `${status}`);
      }
      assert.equal(sample(await r.gateway.metrics.text(), `vllm_requests_total{${L}}`), 4);
    } finally {
      await r.stop();
    }
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const r = await rig(1, {}, { timeouts: { responseMs: 300 } });
    try {
      const res = await raw(`${r.gateway.url}/v1/chat/completions`, {
        body: chatBody(MODEL),
        headers: { 'x-sim-fault': 'hang' },
      });
      assert.equal(res.status, 504);
      assert.equal(JSON.parse(res.body).error.code, 504);
      assert.equal(errors(await r.gateway.metrics.text(), 'server', 'timeout'), 1);
    } finally {
      await r.stop();
    }
  });

  it('cuts the client stream when the upstream stream breaks, and counts stream_aborted', async () => {
    const r = await rig();
    try {
      const res = await raw(`${r.gateway.url}/v1/chat/completions`, {
        body: chatBody(MODEL, { stream: true, max_tokens: 40, ignore_eos: true }),
        headers: { 'x-sim-fault': 'cut' },
      }).catch((err: Error) => ({ status: -1, body: err.message, headers: {} }));
      assert.doesNotMatch(res.body, /\[DONE\]/);
      await until(
        async () => errors(await r.gateway.metrics.text(), 'server', 'stream_aborted') === 1,
        'stream_aborted',
      );
    } finally {
      await r.stop();
    }
  });

  it('retries once on another pod when a connection is refused; 503 when no pod is left', async () => {
    const r = await rig(2, {}, { probeIntervalMs: 60_000 });
    try {
      // Pod 0 goes down between probes: the gateway still thinks it healthy.
      r.pods[0]?.faults.apply({ outage: true });
      await new Promise((res) => setTimeout(res, 50));
      for (let i = 0; i < 4; i++) {
        const res = await raw(`${r.gateway.url}/v1/chat/completions`, { body: chatBody(MODEL) });
        assert.equal(res.status, 200);
      }
      assert.ok(r.measured.some((m) => m.retried && m.pod === 'vllm-production-1'));
      assert.equal(r.gateway.pool.pods().find((p) => p.name === 'vllm-production-0')?.healthy, false);
      r.pods[1]?.faults.apply({ outage: true });
      await new Promise((res) => setTimeout(res, 50));
      const down = await raw(`${r.gateway.url}/v1/chat/completions`, { body: chatBody(MODEL) });
      assert.equal(down.status, 503);
      assert.equal(JSON.parse(down.body).error.code, 503);
    } finally {
      await r.stop();
    }
  });

  it('a client that goes away is a cancellation, not an error, and the upstream is aborted', async () => {
    const r = await rig(1, { clock: undefined });
    try {
      const controller = new AbortController();
      const res = await fetch(`${r.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chatBody(MODEL, { stream: true, max_tokens: 2000, ignore_eos: true }),
        signal: controller.signal,
      });
      const reader = res.body?.getReader();
      await reader?.read();
      controller.abort();
      await until(() => r.pods[0]?.engine.stats().running === 0, 'the upstream to stop generating');
      await until(
        async () => sample(await r.gateway.metrics.text(), `vllm_client_cancellations_total{${L}}`) === 1,
        'a cancellation',
      );
      const text = await r.gateway.metrics.text();
      assert.equal(sample(text, `vllm_requests_total{${L}}`), 0);
      assert.doesNotMatch(text, /^vllm_errors_total\{.*\} [1-9]/m);
    } finally {
      await r.stop();
    }
  });

  it('refuses invalid JSON (400), oversize bodies (413) and a wrong API key (401) without touching the upstream', async () => {
    const r = await rig(1, {}, { bodyLimitBytes: 1000, apiKey: 'k-123' });
    try {
      const auth = { authorization: 'Bearer k-123' };
      assert.equal(
        (await raw(`${r.gateway.url}/v1/chat/completions`, { body: '{"model":', headers: auth })).status,
        400,
      );
      assert.equal(
        (
          await raw(`${r.gateway.url}/v1/chat/completions`, {
            body: chatBody(MODEL, { pad: 'x'.repeat(2000) }),
            headers: auth,
          })
        ).status,
        413,
      );
      assert.equal(
        (
          await raw(`${r.gateway.url}/v1/chat/completions`, {
            body: chatBody(MODEL),
            headers: { authorization: 'Bearer nope' },
          })
        ).status,
        401,
      );
      const upstream = await r.pods[0]?.metrics.text();
      // The pool's probes read /v1/models; no completion request reached the pod.
      assert.doesNotMatch(
        upstream ?? '',
        /^http_requests_total\{handler="\/v1\/chat\/completions".*\} [1-9]/m,
      );
      assert.equal(
        (await raw(`${r.gateway.url}/v1/chat/completions`, { body: chatBody(MODEL), headers: auth })).status,
        200,
      );
    } finally {
      await r.stop();
    }
  });

  it('/metrics passes promtool check metrics with no problem', async () => {
    const r = await rig();
    try {
      await raw(`${r.gateway.url}/v1/chat/completions`, { body: chatBody(MODEL) });
      await raw(`${r.gateway.url}/v1/chat/completions`, {
        body: chatBody(MODEL),
        headers: { 'x-sim-fault': '500' },
      });
      const text = (await raw(`${r.gateway.url}/metrics`)).body;
      for (const name of [
        'vllm_requests_total',
        'vllm_errors_total',
        'vllm_request_duration_seconds_bucket',
        'vllm_pod_up',
        'vllm_upstream_attempts_total',
        'vllm_pod_ejections_total',
      ])
        assert.match(text, new RegExp(`^${name}\\{`, 'm'));
      assert.match(text, /vllm_request_duration_seconds_bucket\{le="3",/);
      assert.match(text, /vllm_request_duration_seconds_bucket\{le="6",/);
      const check = runTool('promtool', ['check', 'metrics'], { input: text });
      assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
      assert.equal(`${check.stdout}${check.stderr}`.trim(), '');
    } finally {
      await r.stop();
    }
  });
});
