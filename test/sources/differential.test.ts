/**
 * One engine, two sources, the same answers: simulator -> gateway -> the
 * embedded store, and a real Prometheus scraping the same gateway every
 * second, on the same traffic with injected errors and latency. `status`
 * from both agrees within 1 % on ratios, budgets and burn rates, and on
 * quantiles within the resolution of the gateway's histogram.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactAbove, type ObjectiveStatus, type StatusDocument } from '../../src/engine/index.ts';
import { DURATION_BUCKETS, Gateway, withThresholds } from '../../src/gateway/index.ts';
import { profile, realClock, SimPod } from '../../src/sim/index.ts';
import { EmbeddedSource, evaluate, PrometheusClient, PrometheusSource } from '../../src/sources/index.ts';
import { specThresholds } from '../../src/spec/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { startPrometheus } from '../helpers/prometheus.ts';
import { editedDefaultSpec } from '../helpers/spec.ts';

// Thresholds scaled to a 10x simulated clock, so some requests miss them.
const spec = editedDefaultSpec([
  ['threshold: 3s', 'threshold: 0.1s'],
  ['threshold: 6s', 'threshold: 0.2s'],
  ['threshold: 500ms', 'threshold: 20ms'],
]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Within `rel` of each other, or within `slack` (absolute), whichever is looser. */
function close(
  a: number | null | undefined,
  b: number | null | undefined,
  rel: number,
  what: string,
  slack = 0,
) {
  assert.ok(a !== null && a !== undefined && b !== null && b !== undefined, `${what}: ${a} vs ${b}`);
  const scale = Math.max(Math.abs(a), Math.abs(b), 1e-9);
  assert.ok(Math.abs(a - b) <= Math.max(rel * scale, slack), `${what}: embedded ${a}, prometheus ${b}`);
}

function byName(doc: StatusDocument): Map<string, ObjectiveStatus> {
  return new Map((doc.environments[0]?.objectives ?? []).map((o) => [o.name, o]));
}

describe('embedded and Prometheus sources agree', () => {
  it('on ratios, budgets, burn rates and quantiles for the same traffic', async () => {
    const pod = new SimPod({
      name: 'vllm-production-0',
      profile: profile('7b'),
      port: 0,
      clock: realClock(10),
      seed: 3,
      faults: { errorRates: { 500: 0.03 } },
    });
    await pod.start();
    const store = SloStore.open(':memory:', { thresholds: specThresholds(spec) });
    const gw = new Gateway({
      environment: 'production',
      upstreams: [{ name: pod.name, url: pod.url }],
      latencyThresholds: [0.1, 0.2],
      ttftThresholds: [0.02],
      sink: store.sink(),
    });
    await gw.start();
    const prom = await startPrometheus([new URL(gw.url).host]);
    try {
      // Let Prometheus see every series at zero before traffic starts (increase() then counts from 0).
      const client = new PrometheusClient({ url: prom.url });
      for (let i = 0; i < 100; i++) {
        const seen = await client.instant('count(vllm_errors_total)', Date.now());
        if ((seen[0]?.value ?? 0) > 0) break;
        await sleep(200);
      }
      await sleep(1200);
      const stopAt = Date.now() + 30_000;
      let n = 0;
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (Date.now() < stopAt) {
            const max = 10 + ((n++ * 37) % 140);
            await fetch(`${gw.url}/v1/chat/completions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                model: pod.model,
                messages: [{ role: 'user', content: 'x'.repeat(400) }],
                max_tokens: max,
                ignore_eos: true,
                stream: n % 2 === 0,
              }),
            }).then((r) => r.arrayBuffer());
          }
        }),
      );
      // Two more scrapes after the last request, then both answer for the same moment.
      await sleep(2500);
      store.flush();
      const at = Date.now();
      const embedded = byName(await evaluate(spec, new EmbeddedSource(store), at, 'production'));
      const prometheus = byName(await evaluate(spec, new PrometheusSource(spec, client), at, 'production'));
      const buckets = withThresholds(DURATION_BUCKETS, [0.1, 0.2]);
      const hour = store.window('production', at - 3_600_000, at);
      const total = hour.requests;
      const latencySlack = (name: string): number => {
        const o = spec.environments[0]?.objectives.find((x) => x.name === name);
        if (!o || (o.kind !== 'latency' && o.kind !== 'ttft')) return 0;
        // The store counted every request of the window against the threshold: no sketch in the answer.
        const which = o.kind === 'latency' ? 'duration' : 'ttft';
        assert.notEqual(exactAbove(hour, which, o.thresholdSeconds ?? 0), undefined, `${name} exact`);
        return 1;
      };
      assert.ok(total > 150, `${total} requests`);
      for (const name of ['availability', 'error-rate', 'latency-p95', 'latency-p99', 'ttft-p95']) {
        const e = embedded.get(name);
        const p = prometheus.get(name);
        // Error counts are exact in both, and so are latency counts at the spec's thresholds (the
        // store counts each request against them, the gateway has a bucket bound at each): one
        // request of slack for Prometheus's extrapolation at the window's edges.
        const slackRatio = latencySlack(name) / total;
        const budget = 1 - (e?.target ?? 0);
        close(e?.value, p?.value, 0.01, `${name} value`, slackRatio);
        close(
          e?.error_budget?.consumed_minutes,
          p?.error_budget?.consumed_minutes,
          0.01,
          `${name} consumed budget`,
          slackRatio * 43_200,
        );
        close(
          e?.error_budget?.remaining_ratio,
          p?.error_budget?.remaining_ratio,
          0.01,
          `${name} remaining budget`,
          slackRatio / budget,
        );
        for (const w of ['5m', '1h', '6h', '1d'])
          close(e?.burn_rates[w], p?.burn_rates[w], 0.01, `${name} burn ${w}`, slackRatio / budget);
      }
      // Quantiles: Prometheus interpolates inside a bucket; the sketch is within 0.5 %. Same bucket.
      const q = embedded.get('latency-p95')?.quantile_seconds ?? 0;
      const pq = prometheus.get('latency-p95')?.quantile_seconds ?? 0;
      const upper = buckets.find((b) => b >= q) ?? Number.POSITIVE_INFINITY;
      const lower = [...buckets].reverse().find((b) => b < q) ?? 0;
      assert.ok(
        pq >= lower * 0.995 && pq <= upper * 1.005,
        `P95 embedded ${q}, prometheus ${pq}, bucket (${lower}, ${upper}]`,
      );
      assert.ok((embedded.get('availability')?.value ?? 1) < 0.99, 'the injected errors show');
      // The per-model quantiles and pods-up count the embedded alert loop asks for, from Prometheus too.
      const env = spec.environments[0];
      assert.ok(env);
      const promSource = new PrometheusSource(spec, client);
      const byModel = await promSource.quantileByModel(env, 'duration', 0.95, '5m', at);
      const mine = await new EmbeddedSource(store).quantileByModel(env, 'duration', 0.95, '5m', at);
      assert.deepEqual([...byModel.keys()], [pod.model]);
      assert.deepEqual([...mine.keys()], [pod.model]);
      const pm = byModel.get(pod.model) ?? 0;
      const em = mine.get(pod.model) ?? 0;
      const hi = buckets.find((b) => b >= em) ?? Number.POSITIVE_INFINITY;
      const lo = [...buckets].reverse().find((b) => b < em) ?? 0;
      assert.ok(
        pm >= lo * 0.995 && pm <= hi * 1.005,
        `P95 of ${pod.model}: embedded ${em}, prometheus ${pm}`,
      );
      assert.equal(await promSource.podsUp(env, at), 1, 'the gateway reports its one pod up');
    } finally {
      await prom.stop();
      await gw.stop(1000);
      await pod.stop();
      store.close();
    }
  });
});
