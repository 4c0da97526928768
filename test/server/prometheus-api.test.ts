/**
 * The v1 API over both sources, on the same traffic (issue 11): simulator ->
 * gateway -> the embedded store, and a real Prometheus scraping the same
 * gateway every second with the generated rules loaded. Both servers answer
 * for the same moment, a minute after the traffic, so every step of the 1h
 * charts is compared, the last (partial) one included. Tolerances:
 *   - SLI per step, status values: 1 % (the counts are exact in both; one
 *     request of slack for latency, Prometheus's extrapolation at the edges);
 *   - requests and errors per second (and a throughput floor's SLI): 3 % (rate() extrapolates a minute's
 *     increase over its 59 s of samples) or 0.05/s;
 *   - quantiles: the gateway histogram's bucket holding the embedded value;
 *   - budget burndown from raw counters (error-rate, whose rules the test
 *     leaves out, so the source falls back): 1 % at every step; from the
 *     recorded 5-minute increases (the others): null before the traffic, and
 *     the last point, which is each source's status (objective-detail.ts),
 *     within the status's 1 %;
 *   - 7d and 30d charts (steps of hours, read from the records): the bad
 *     share now within 30 % for the same reason; the records' request rates
 *     only seen (young traffic again);
 *   - burn-rate series of every burn-pair window: from the rules' raw-counter
 *     records (windows up to 6h) and the raw fallback (error-rate), the SLI's
 *     1 % at every step (one request of slack, over the budget); from the
 *     records of 5-minute increases (1d, 3d), null before the traffic. Every
 *     series ends exactly at its source's status burn_rates, and those agree
 *     within 1 %.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertsDocument, ApiConfig, ObjectiveDetail, PodsDocument } from '../../src/api/index.ts';
import type { StatusDocument } from '../../src/engine/index.ts';
import { DURATION_BUCKETS, TTFT_BUCKETS, withThresholds } from '../../src/gateway/index.ts';
import { renderRuleFile, ruleFiles } from '../../src/rules/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { EmbeddedSource, PrometheusSource } from '../../src/sources/index.ts';
import {
  assertClose,
  driveTraffic,
  RIG_LATENCY_THRESHOLDS,
  RIG_TTFT_THRESHOLDS,
  type SourcesRig,
  scaledSpec,
  sleep,
  sourcesRig,
} from '../helpers/gateway-traffic.ts';
import {
  MINUTE,
  periodRecordsSawTraffic,
  ruleSpec,
  sameBucket,
  sameBurnRates,
  sameSeries,
  serve,
  UNRECORDED,
} from './prometheus-api-compare.ts';

const spec = scaledSpec();
let rig: SourcesRig;
let at: number;
let trafficStep: number;
const servers: Record<'embedded' | 'prometheus', RunningServer | undefined> = {
  embedded: undefined,
  prometheus: undefined,
};

async function get<T>(kind: 'embedded' | 'prometheus', path: string): Promise<T> {
  const r = await fetch(`${servers[kind]?.url}${path}`);
  assert.equal(r.status, 200, `${kind} ${path}`);
  return (await r.json()) as T;
}

async function both<T>(path: string): Promise<[T, T]> {
  return Promise.all([get<T>('embedded', path), get<T>('prometheus', path)]);
}

describe('the v1 API over the embedded store and over Prometheus', () => {
  before(async () => {
    rig = await sourcesRig(spec, ruleFiles(ruleSpec(spec)).map(renderRuleFile));
    // Traffic inside one step: start just after a minute begins, unless enough of it is left.
    if (Date.now() % MINUTE > 30_000) await sleep(MINUTE - (Date.now() % MINUTE) + 1500);
    const start = Date.now();
    trafficStep = Math.floor(start / MINUTE);
    await driveTraffic(rig.gateway.url, rig.pod.model, start + 20_000);
    // A minute past the traffic: the last step, and a step-long window before `at`, saw none.
    const earliest = Date.now() + MINUTE + 2000;
    await periodRecordsSawTraffic(spec, rig);
    at = Math.max(earliest, Date.now());
    await sleep(at - Date.now() + 1500);
    assert.equal(Math.floor(Date.now() / MINUTE) - 1 >= trafficStep, true);
    rig.store.flush();
    servers.embedded = await serve(spec, rig, new EmbeddedSource(rig.store), () => at);
    servers.prometheus = await serve(spec, rig, new PrometheusSource(spec, rig.client), () => at);
  });

  after(async () => {
    await servers.embedded?.stop();
    await servers.prometheus?.stop();
    await rig?.stop();
  });

  it('names its source in config', async () => {
    const [e, p] = await both<ApiConfig>('/api/v1/config');
    assert.deepEqual([e.source, p.source], ['embedded', 'prometheus']);
    assert.deepEqual(p.environments, e.environments);
  });

  it('gives the same status values', async () => {
    const [e, p] = await both<StatusDocument>('/api/v1/status?env=production');
    const pe = p.environments[0]?.objectives ?? [];
    for (const o of e.environments[0]?.objectives ?? []) {
      const q = pe.find((x) => x.name === o.name);
      if (o.value === null) assert.equal(q?.value, null, o.name);
      else assertClose(o.value, q?.value, 0.01, `${o.name} value`, 1 / 100);
    }
  });

  it('draws every objective with the same SLI, rates, quantiles, pods, budget and burn rates', async () => {
    const env = spec.environments.find((e) => e.name === 'production');
    assert.ok(env);
    for (const o of env.objectives) {
      const [e, p] = await both<ObjectiveDetail>(`/api/v1/objectives/production/${o.name}?range=1h`);
      assert.deepEqual(
        [p.t, p.from, p.to, p.step_seconds, p.threshold_seconds],
        [e.t, e.from, e.to, e.step_seconds, e.threshold_seconds],
        o.name,
      );
      const s = trafficStep - (e.from * 1000) / MINUTE;
      assert.ok((e.requests_per_second[s] ?? 0) > 0, `${o.name}: traffic in step ${s}`);
      const inStep = (e.requests_per_second[s] ?? 0) * 60;
      const sliSlack = o.kind === 'throughput' ? 0.05 : 1 / inStep;
      // A throughput floor's SLI is a rate (the slowest pod's): the rates' tolerance.
      sameSeries(e.sli, p.sli, `${o.name} sli`, o.kind === 'throughput' ? 0.03 : 0.01, sliSlack);
      sameSeries(e.requests_per_second, p.requests_per_second, `${o.name} requests/s`, 0.03, 0.05);
      sameSeries(e.errors_per_second, p.errors_per_second, `${o.name} errors/s`, 0.03, 0.05);
      const latency = withThresholds(DURATION_BUCKETS, RIG_LATENCY_THRESHOLDS);
      const ttft = withThresholds(TTFT_BUCKETS, RIG_TTFT_THRESHOLDS);
      for (const q of ['p50', 'p95', 'p99'] as const) {
        sameBucket(e.latency[q], p.latency[q], latency, `${o.name} latency ${q}`);
        sameBucket(e.ttft[q], p.ttft[q], ttft, `${o.name} ttft ${q}`);
      }
      assert.deepEqual(Object.keys(p.throughput_by_pod), Object.keys(e.throughput_by_pod));
      for (const [pod, series] of Object.entries(e.throughput_by_pod))
        sameSeries(series, p.throughput_by_pod[pod] ?? [], `${o.name} ${pod} requests/s`, 0.03, 0.05);
      if (o.kind === 'throughput') continue;
      const budget = 1 - o.target;
      sameBurnRates(e, p, budget, s, sliSlack);
      const last = e.budget_remaining.length - 1;
      // Now is status's budget in both (objective-detail.ts); the sources' statuses agree within 1 %.
      assert.equal(
        e.budget_remaining[last],
        e.status.error_budget?.remaining_ratio,
        `${o.name} embedded budget now`,
      );
      assert.equal(
        p.budget_remaining[last],
        p.status.error_budget?.remaining_ratio,
        `${o.name} prometheus budget now`,
      );
      if (o.name === UNRECORDED)
        sameSeries(e.budget_remaining, p.budget_remaining, `${o.name} budget`, 0.01, sliSlack / budget);
      else {
        // Before the traffic both have no events (the records' steps in between weigh young traffic
        // differently: the 5m increase() extrapolates to the window's edges on series minutes old).
        for (let k = 0; k < s; k++) assert.equal(p.budget_remaining[k], null, `${o.name} budget step ${k}`);
        const consumed = (x: number | null | undefined) => 1 - (x ?? Number.NaN);
        assertClose(
          consumed(e.budget_remaining[last]),
          consumed(p.budget_remaining[last]),
          0.01,
          `${o.name} budget consumed now`,
          sliSlack / budget,
        );
      }
    }
  });

  it('draws the 7d and 30d ranges from the recorded increases, with the raw fallback', async () => {
    for (const range of ['7d', '30d'])
      for (const name of ['availability', 'latency-p95', UNRECORDED]) {
        const [e, p] = await both<ObjectiveDetail>(`/api/v1/objectives/production/${name}?range=${range}`);
        assert.deepEqual(p.t, e.t, `${name} ${range}`);
        const last = e.t.length - 1;
        // The traffic is in the last step, read from the records: their weighting of young traffic
        // (as the recorded burndown above) allows 30 % on the bad share.
        const bad = (x: number | null | undefined) => 1 - (x ?? Number.NaN);
        assertClose(bad(e.sli[last]), bad(p.sli[last]), 0.3, `${name} ${range} bad share now`, 0.01);
        // Request rates from the records count young traffic fewer times (recorded-windows.ts): only seen.
        assert.ok((p.requests_per_second[last] ?? 0) > 0, `${name} ${range} requests/s now`);
        assert.notEqual(p.budget_remaining[last], null, `${name} ${range} budget now`);
      }
  });

  it('lists the same pods, up, with the same request rates', async () => {
    const [e, p] = await both<PodsDocument>('/api/v1/pods');
    const production = (d: PodsDocument) => d.pods.filter((x) => x.environment === 'production');
    assert.deepEqual(
      production(p).map((x) => [x.pod, x.healthy]),
      production(e).map((x) => [x.pod, x.healthy]),
    );
    assert.equal(production(e).length, 1);
    production(e).forEach((x, i) => {
      assertClose(
        x.requests_per_second,
        production(p)[i]?.requests_per_second,
        0.03,
        `${x.pod} requests/s`,
        0.05,
      );
    });
  });

  it("shows Prometheus's own alerts over the Prometheus source", async () => {
    const p = await get<AlertsDocument>('prometheus', '/api/v1/alerts');
    assert.deepEqual(p.resolved, []);
    for (const a of [...p.firing, ...p.pending]) {
      assert.ok(a.alertname.length > 0);
      assert.equal(a.labels.alertname, undefined, 'the name is not repeated among the labels');
    }
  });
});
