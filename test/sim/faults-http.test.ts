/**
 * Every fault as a client meets it: forced and random errors by status, a
 * latency spike, a hard outage that refuses connections and recovers, streams
 * cut mid-way, hung requests; set by flags, the admin endpoint and a schedule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realClock } from '../../src/sim/index.ts';
import { chatBody, fastPod, raw } from './sim-harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('simulator faults over HTTP', () => {
  it('the x-sim-fault header forces each error status', async () => {
    const pod = await fastPod();
    try {
      for (const status of [400, 429, 500, 503]) {
        const r = await raw(`${pod.url}/v1/chat/completions`, {
          body: chatBody(pod.model),
          headers: { 'x-sim-fault': String(status) },
        });
        assert.equal(r.status, status);
        assert.equal((JSON.parse(r.body) as { error: { code: number } }).error.code, status);
      }
    } finally {
      await pod.stop();
    }
  });

  it('error rates set by flag fail about that share of requests', async () => {
    const pod = await fastPod({ faults: { errorRates: { 500: 0.3 } } });
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          raw(`${pod.url}/v1/chat/completions`, { body: chatBody(pod.model, { max_tokens: 1 }) }),
        ),
      );
      const failed = results.filter((r) => r.status === 500).length;
      assert.ok(failed > 30 && failed < 90, `${failed} of 200 failed`);
      assert.ok(results.every((r) => r.status === 200 || r.status === 500));
    } finally {
      await pod.stop();
    }
  });

  it('a latency spike set through the admin endpoint slows requests, then expires', async () => {
    const pod = await fastPod();
    try {
      const timed = async () => {
        const t = performance.now();
        await raw(`${pod.url}/v1/chat/completions`, {
          body: chatBody(pod.model, { max_tokens: 50, ignore_eos: true }),
        });
        return performance.now() - t;
      };
      const before = await timed();
      const set = await raw(`${pod.url}/admin/faults`, {
        body: JSON.stringify({ latencyMultiplier: 10, duration: '30s' }),
      });
      assert.equal(set.status, 200, set.body);
      const during = await timed();
      assert.ok(during > before * 3, `before ${before} ms, during ${during} ms`);
      // 30 simulated seconds are 600 ms at 50x.
      await sleep(700);
      const state = JSON.parse((await raw(`${pod.url}/admin/faults`)).body) as {
        settings: { latencyMultiplier: number };
      };
      assert.equal(state.settings.latencyMultiplier, 1);
    } finally {
      await pod.stop();
    }
  });

  it('an outage refuses connections, then the pod recovers on the same port', async () => {
    const pod = await fastPod();
    try {
      const url = pod.url;
      await raw(`${url}/admin/faults`, { body: JSON.stringify({ outage: true, duration: '20s' }) });
      await sleep(50);
      await assert.rejects(raw(`${url}/health`), /ECONNREFUSED/);
      await sleep(600);
      assert.equal((await raw(`${url}/health`)).status, 200);
    } finally {
      await pod.stop();
    }
  });

  it('a stream cut mid-way ends without [DONE]', async () => {
    const pod = await fastPod();
    try {
      const r = await raw(`${pod.url}/v1/chat/completions`, {
        body: chatBody(pod.model, { max_tokens: 20, ignore_eos: true, stream: true }),
        headers: { 'x-sim-fault': 'cut' },
      }).catch((err: Error) => ({ status: -1, headers: {}, body: err.message }));
      assert.doesNotMatch(r.body, /\[DONE\]/);
      await sleep(50);
      const metrics = (await raw(`${pod.url}/metrics`)).body;
      assert.match(metrics, /vllm:request_success_total\{[^}]*finished_reason="abort"[^}]*\} 1/);
    } finally {
      await pod.stop();
    }
  });

  it("stream-error sends vLLM's in-stream error after some tokens, then [DONE], with status 200", async () => {
    const pod = await fastPod();
    try {
      const r = await raw(`${pod.url}/v1/chat/completions`, {
        body: chatBody(pod.model, { max_tokens: 20, ignore_eos: true, stream: true }),
        headers: { 'x-sim-fault': 'stream-error' },
      });
      assert.equal(r.status, 200);
      const events = r.body.split('\n\n').filter((e) => e !== '');
      assert.equal(events.at(-1), 'data: [DONE]');
      assert.equal(
        events.at(-2),
        'data: {"error": {"message": "simulated engine failure mid-stream (fault injection)", "type": "InternalServerError", "param": null, "code": 500}}',
      );
      // Some tokens first, and no chunk carries a finish_reason (vLLM sends none before the error).
      assert.ok(events.filter((e) => e.includes('"content":"')).length >= 5);
      assert.doesNotMatch(r.body, /"finish_reason":"/);
      await sleep(50);
      const metrics = (await raw(`${pod.url}/metrics`)).body;
      assert.match(metrics, /vllm:request_success_total\{[^}]*finished_reason="error"[^}]*\} 1/);
      // Not streamed, the same failure is a 500.
      const plain = await raw(`${pod.url}/v1/chat/completions`, {
        body: chatBody(pod.model, { max_tokens: 5 }),
        headers: { 'x-sim-fault': 'stream-error' },
      });
      assert.equal(plain.status, 500);
    } finally {
      await pod.stop();
    }
  });

  it('streamErrorRate set through the admin endpoint fails about that share of streams', async () => {
    const pod = await fastPod();
    try {
      const set = await raw(`${pod.url}/admin/faults`, { body: JSON.stringify({ streamErrorRate: 0.5 }) });
      assert.equal(set.status, 200, set.body);
      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          raw(`${pod.url}/v1/chat/completions`, {
            body: chatBody(pod.model, { max_tokens: 4, ignore_eos: true, stream: true }),
          }),
        ),
      );
      assert.ok(results.every((r) => r.status === 200 && r.body.endsWith('data: [DONE]\n\n')));
      const failed = results.filter((r) => r.body.includes('data: {"error": ')).length;
      assert.ok(failed > 25 && failed < 75, `${failed} of 100 failed`);
    } finally {
      await pod.stop();
    }
  });

  it('a hung request never answers until the client gives up', async () => {
    const pod = await fastPod();
    try {
      const controller = new AbortController();
      const pending = fetch(`${pod.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sim-fault': 'hang' },
        body: chatBody(pod.model),
        signal: controller.signal,
      });
      const outcome = await Promise.race([
        pending.then(() => 'answered'),
        sleep(500).then(() => 'still waiting'),
      ]);
      assert.equal(outcome, 'still waiting');
      controller.abort();
      await assert.rejects(pending);
    } finally {
      await pod.stop();
    }
  });

  it('a scripted schedule applies faults at their simulated times', async () => {
    const clock = realClock(100);
    const pod = await fastPod({
      clock,
      schedule: [{ atMs: 10_000, durationMs: 20_000, patch: { errorRates: { 503: 1 } } }],
    });
    try {
      assert.equal((await raw(`${pod.url}/v1/chat/completions`, { body: chatBody(pod.model) })).status, 200);
      // t = 10 s simulated is 100 ms real; the fault lasts until 300 ms.
      await sleep(180);
      assert.equal((await raw(`${pod.url}/v1/chat/completions`, { body: chatBody(pod.model) })).status, 503);
      await sleep(300);
      assert.equal((await raw(`${pod.url}/v1/chat/completions`, { body: chatBody(pod.model) })).status, 200);
    } finally {
      await pod.stop();
    }
  });
});
