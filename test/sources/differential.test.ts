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
import { DURATION_BUCKETS, withThresholds } from '../../src/gateway/index.ts';
import { EmbeddedSource, evaluate, PrometheusSource } from '../../src/sources/index.ts';
import { assertClose, rigAfterTraffic, scaledSpec } from '../helpers/gateway-traffic.ts';

const spec = scaledSpec();
const close = assertClose;

function byName(doc: StatusDocument): Map<string, ObjectiveStatus> {
  return new Map((doc.environments[0]?.objectives ?? []).map((o) => [o.name, o]));
}

describe('embedded and Prometheus sources agree', () => {
  it('on ratios, budgets, burn rates and quantiles for the same traffic', async () => {
    // 30 s of traffic and two more scrapes, then both answer for the same moment.
    const { rig, at } = await rigAfterTraffic(spec, [], 30_000);
    const { pod, store, client, stop } = rig;
    try {
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
      await stop();
    }
  });
});
