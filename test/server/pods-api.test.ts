/**
 * /api/v1/pods over a real gateway's pod pool (simulated pods, a clock that
 * moves only when the test says): a pod ejected by outlier detection reads
 * `ejected` with its end, reason and times ejected, not `healthy`; a pod
 * whose probes fail reads `unhealthy`; every pod of an environment in panic
 * mode says so; the ejection's end brings the pod back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIError } from 'openai';
import type { PodInfo, PodsDocument } from '../../src/api/index.ts';
import { blankReport } from '../../src/collect/index.ts';
import { podInfos, scrapedPods, startServer } from '../../src/server/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { rig, until } from '../gateway/gateway-harness.ts';
import { defaultSpec } from '../helpers/spec.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const POD0 = 'vllm-production-0';
const POD1 = 'vllm-production-1';

async function send(client: Awaited<ReturnType<typeof rig>>['client']): Promise<number> {
  try {
    await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 2,
    });
    return 200;
  } catch (err) {
    if (err instanceof APIError && err.status !== undefined) return err.status;
    throw err;
  }
}

function pod(doc: PodsDocument, name: string): PodInfo {
  const p = doc.pods.find((x) => x.pod === name);
  assert.ok(p, `no pod ${name} in ${JSON.stringify(doc)}`);
  return p;
}

describe('/api/v1/pods', () => {
  it('shows an outlier-ejected pod as ejected until its end, a failing probe as unhealthy, and panic mode', async () => {
    const clock = { ms: 1_800_000_000_000 };
    const r = await rig(2, {}, { now: () => clock.ms, outlier: { consecutive5xx: 2 } });
    const store = SloStore.open(':memory:', { now: () => clock.ms });
    const spec = defaultSpec();
    const production = spec.environments.find((e) => e.name === 'production');
    assert.ok(production);
    const pool = r.gateway.pool;
    const server = await startServer({
      spec,
      source: new EmbeddedSource(store),
      now: () => clock.ms,
      pods: () => podInfos(production, pool.pods(), new EmbeddedSource(store), clock.ms, pool.panicking),
    });
    const get = async (): Promise<PodsDocument> => {
      const res = await fetch(`${server.url}/api/v1/pods`);
      assert.equal(res.status, 200);
      return (await res.json()) as PodsDocument;
    };
    try {
      let doc = await get();
      assert.deepEqual(
        doc.pods.map((p) => [p.pod, p.state, p.healthy, p.ejected_until, p.ejections, p.panic]),
        [
          [POD0, 'healthy', true, null, null, false],
          [POD1, 'healthy', true, null, null, false],
        ],
      );

      r.pods[0]?.faults.apply({ errorRates: { 500: 1 } });
      for (let i = 0; i < 6; i++) await send(r.client);
      doc = await get();
      const ejected = pod(doc, POD0);
      assert.equal(ejected.state, 'ejected', 'an ejected pod does not read healthy');
      assert.equal(ejected.healthy, true, 'its probes still pass (vllm_pod_up)');
      assert.equal(ejected.ejected_until, new Date(clock.ms + 30_000).toISOString());
      assert.equal(ejected.ejections, 1);
      assert.equal(ejected.eject_reason, '2 server failures in a row (consecutive_5xx)');
      assert.equal(pod(doc, POD1).state, 'healthy');
      assert.deepEqual(
        doc.pods.map((p) => p.panic),
        [false, false],
      );

      // The other pod's probes start failing: none is left in rotation, so the pool panics.
      r.pods[1]?.faults.apply({ unhealthy: true });
      await until(() => pool.panicking, 'panic mode');
      doc = await get();
      assert.equal(pod(doc, POD1).state, 'unhealthy');
      assert.equal(pod(doc, POD1).healthy, false);
      assert.match(pod(doc, POD1).eject_reason ?? '', /503/);
      assert.equal(pod(doc, POD0).state, 'ejected');
      assert.deepEqual(
        doc.pods.map((p) => p.panic),
        [true, true],
      );

      // The ejection's time is over: the pod is back (its probes pass), panic is over.
      r.pods[0]?.faults.reset();
      clock.ms += 30_000;
      doc = await get();
      assert.deepEqual(
        [
          pod(doc, POD0).state,
          pod(doc, POD0).ejected_until,
          pod(doc, POD0).ejections,
          pod(doc, POD0).eject_reason,
        ],
        ['healthy', null, null, null],
      );
      assert.deepEqual(
        doc.pods.map((p) => p.panic),
        [false, false],
      );
    } finally {
      await server.stop();
      store.close();
      await r.stop();
    }
  });

  it('shows scraped pods as healthy or unhealthy, with rotation and panic unknown', async () => {
    const store = SloStore.open(':memory:');
    try {
      const at = 1_800_000_000_000;
      const target = { environment: 'staging', kind: 'vllm' as const };
      const report = (pod: string, url: string) => blankReport({ ...target, pod }, url, at, undefined);
      const pods = await scrapedPods(
        defaultSpec(),
        [
          { ...report('a', 'http://10.0.0.1:8000/metrics'), ok: true },
          { ...report('b', 'http://10.0.0.2:8000/metrics'), error: 'refused' },
        ],
        new EmbeddedSource(store),
        at,
      );
      assert.deepEqual(
        pods.map((p) => [p.pod, p.state, p.ejected_until, p.ejections, p.panic, p.eject_reason]),
        [
          ['a', 'healthy', null, null, null, null],
          ['b', 'unhealthy', null, null, null, 'refused'],
        ],
      );
    } finally {
      store.close();
    }
  });
});
