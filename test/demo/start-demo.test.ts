/**
 * The whole demo, briefly: six pods behind three gateways on 127.0.0.1,
 * requests from the traffic generator reaching the store in every
 * environment, pod health sampled, a scripted fault showing up as errors,
 * and stop() closing every socket (the test process then exits by itself).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDemo } from '../../src/demo/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MIN = 60_000;

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
}

describe('startDemo', () => {
  it('runs fleet, gateways, traffic and incident into the store, and stops cleanly', async () => {
    const before = tcpHandles();
    const store = SloStore.open(':memory:');
    const started = Date.now();
    const seen: string[] = [];
    const demo = await startDemo({
      spec: defaultSpec(),
      store,
      backfillDays: 1,
      trafficScale: 4,
      probeIntervalMs: 500,
      incidentAfterMs: 200,
      incident: [
        {
          name: 'dev down',
          description: 'every request fails',
          environment: 'development',
          atMs: 0,
          durationMs: MIN,
          patch: { errorRates: { 500: 1 } },
        },
      ],
      onIncident: (e) => seen.push(`${e.kind} ${e.step.name}`),
    });
    try {
      assert.deepEqual(
        demo.environments.map((e) => [e.name, e.pods.map((p) => p.name)]),
        [
          ['production', ['vllm-production-0', 'vllm-production-1', 'vllm-production-2']],
          ['staging', ['vllm-staging-0', 'vllm-staging-1']],
          ['development', ['vllm-development-0']],
        ],
      );
      for (const e of demo.environments) {
        assert.match(e.gateway.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        for (const p of e.pods) assert.match(p.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.ok(e.gateway.pool.pods().every((p) => p.healthy));
      }
      assert.ok((demo.backfill?.requests ?? 0) > 0);

      // Live requests: from where the backfill's history ends (the minute it ran in, which may be
      // later than `started` when start-up crossed a minute). Bounded wait, not a threshold.
      const from = demo.backfill?.to ?? Math.floor(started / MIN) * MIN;
      const live = (env: string) => store.window(env, from, Date.now() + MIN);
      for (let i = 0; i < 150; i++) {
        if (demo.environments.every((e) => live(e.name).requests >= 2)) break;
        await sleep(200);
      }
      for (const e of demo.environments) assert.ok(live(e.name).requests >= 2, `${e.name}: no live requests`);
      const dev = live('development');
      assert.equal(dev.errorsTotal, dev.requests, 'the scripted fault fails every development request');
      assert.equal(live('production').errorsTotal, 0);
      assert.deepEqual(seen, ['start dev down']);

      // Health samples for every pod since the start.
      const up = store.podUptime('production', from, Date.now() + MIN);
      assert.equal(up.byPod.get('vllm-production-2'), 1);
    } finally {
      const stopping = demo.stop();
      assert.equal(demo.stop(), stopping, 'stop() is idempotent');
      await stopping;
      store.close();
    }
    assert.equal(demo.traffic.stats().inFlight, 0);
    assert.equal(tcpHandles(), before, 'sockets left open');
  });
});
