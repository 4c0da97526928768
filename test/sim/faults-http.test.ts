/**
 * Every fault as a client meets it: forced and random errors by status, a
 * latency spike, a hard outage that refuses connections and recovers, streams
 * cut mid-way, hung requests; set by flags, the admin endpoint and a schedule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../../src/sim/index.ts';
import { advance, advanceTo, waitFor, whileAdvancing } from './manual-drive.ts';
import { chatBody, fastPod, raw, startPod } from './sim-harness.ts';

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
    // Latencies in simulated time on a manual clock: a busy machine cannot make the first one slow.
    const clock = manualClock();
    const pod = await startPod({ clock });
    try {
      const timed = async () => {
        const t = clock.now();
        await whileAdvancing(
          clock,
          raw(`${pod.url}/v1/chat/completions`, {
            body: chatBody(pod.model, { max_tokens: 50, ignore_eos: true }),
          }),
        );
        return clock.now() - t;
      };
      const before = await timed();
      const set = await raw(`${pod.url}/admin/faults`, {
        body: JSON.stringify({ latencyMultiplier: 10, duration: '30s' }),
      });
      assert.equal(set.status, 200, set.body);
      const applied = clock.now();
      const during = await timed();
      assert.ok(during > before * 3, `before ${before} ms, during ${during} ms (simulated)`);
      const multiplier = async () =>
        (
          JSON.parse((await raw(`${pod.url}/admin/faults`)).body) as {
            settings: { latencyMultiplier: number };
          }
        ).settings.latencyMultiplier;
      await advanceTo(clock, applied + 29_000, 100);
      assert.equal(await multiplier(), 10, 'still in force before its 30 s are up');
      await advanceTo(clock, applied + 30_000, 100);
      assert.equal(await multiplier(), 1);
    } finally {
      await pod.stop();
    }
  });

  it('a fault longer than a timer can wait is a 400 naming the field, not a fault that ends after 1 ms', async () => {
    const pod = await fastPod();
    try {
      const set = await raw(`${pod.url}/admin/faults`, {
        body: JSON.stringify({ unhealthy: true, duration: '25d' }),
      });
      assert.equal(set.status, 400, set.body);
      const err = (JSON.parse(set.body) as { error: { message: string; code: number } }).error;
      assert.equal(err.code, 400);
      assert.match(err.message, /^body\.duration: must be at most 24d20h31m23s647ms /);
      const shown = JSON.parse((await raw(`${pod.url}/admin/faults`)).body) as {
        settings: { unhealthy: boolean };
      };
      assert.equal(shown.settings.unhealthy, false, 'nothing applied');
    } finally {
      await pod.stop();
    }
  });

  it('an outage refuses connections, then the pod recovers on the same port', async () => {
    const clock = manualClock();
    const pod = await startPod({ clock });
    try {
      const url = pod.url;
      const refused = () =>
        raw(`${url}/health`).then(
          () => false,
          (err: Error) => /ECONNREFUSED/.test(err.message),
        );
      await raw(`${url}/admin/faults`, { body: JSON.stringify({ outage: true, duration: '20s' }) });
      // The pod closes its socket on the next turn of its event loop; the outage cannot end meanwhile.
      await waitFor(refused, 'connections to be refused');
      await advance(clock, 19_900, 100);
      assert.equal(await refused(), true, 'still down before its 20 s are up');
      await advance(clock, 100);
      await waitFor(async () => !(await refused()), 'the pod to listen again');
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
    const clock = manualClock();
    const pod = await startPod({
      clock,
      schedule: [{ atMs: 10_000, durationMs: 20_000, patch: { errorRates: { 503: 1 } } }],
    });
    try {
      const status = async () =>
        (await whileAdvancing(clock, raw(`${pod.url}/v1/chat/completions`, { body: chatBody(pod.model) })))
          .status;
      assert.equal(await status(), 200);
      await advanceTo(clock, 9_900, 100);
      assert.equal(await status(), 200, 'before 10 s');
      await advanceTo(clock, 10_000, 100);
      assert.equal(await status(), 503, 'from 10 s');
      await advanceTo(clock, 29_900, 100);
      assert.equal(await status(), 503, 'until 30 s');
      await advanceTo(clock, 30_000, 100);
      assert.equal(await status(), 200, 'after 30 s');
    } finally {
      await pod.stop();
    }
  });
});
