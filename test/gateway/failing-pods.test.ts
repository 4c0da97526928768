/**
 * Issue 17's two routing cases: least-outstanding-requests balancing sends
 * a pod that fails fast most of the traffic unless outlier detection takes it
 * out (a pod answering 500/503 to everything and 200 to /health, with two
 * pods); and on a one-pod gateway a single reset does not take the only pod
 * out of rotation (clients would get 503 "no healthy upstream pod").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Gateway, type GatewayEvent } from '../../src/gateway/index.ts';
import { rig } from './gateway-harness.ts';
import { misbehavingPod, post, reply } from './misbehaving-pod.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

describe('failing pods', () => {
  it('a pod answering 500/503 to everything gets well under its share of 2 pods once ejected', async () => {
    const r = await rig(2);
    try {
      r.pods[0]?.faults.apply({ errorRates: { 500: 0.5, 503: 0.5 } });
      const body = JSON.stringify({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 2,
      });
      // Four clients at a time, as least-outstanding balancing sees real load.
      for (let round = 0; round < 20; round++)
        await Promise.all(
          Array.from({ length: 4 }, () =>
            // JSON's Content-Type: fetch labels a string text/plain, which vLLM (and the simulator) refuse.
            fetch(`${r.gateway.url}/v1/chat/completions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            }).then((res) => res.text()),
          ),
        );
      const failing = r.measured.filter((m) => m.pod === 'vllm-production-0').length;
      assert.equal(r.measured.length, 80);
      assert.ok(failing < 80 * 0.2, `the failing pod served ${failing} of 80`);
    } finally {
      await r.stop();
    }
  });

  it('one reset on a one-pod gateway does not take the only pod out', async () => {
    let n = 0;
    const pod = await misbehavingPod((s) => {
      if (n++ === 0) s.resetAndDestroy();
      else reply(s, 200, JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } }));
    });
    const events: GatewayEvent[] = [];
    const gw = new Gateway({
      environment: 'production',
      upstreams: [{ name: 'pod-0', url: pod.url }],
      probeIntervalMs: 60_000,
      log: (e) => events.push(e),
    });
    await gw.start();
    try {
      assert.equal((await post(gw.url, {})).status, 502);
      assert.equal((await post(gw.url, {})).status, 200);
      assert.equal(gw.pool.pods()[0]?.healthy, true);
      assert.deepEqual(
        events.filter((e) => e.event.startsWith('pod_') || e.event.startsWith('panic_')),
        [],
      );
    } finally {
      await gw.stop(500);
      await pod.stop();
    }
  });
});
