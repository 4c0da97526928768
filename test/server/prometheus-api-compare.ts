/**
 * The helpers of the differential test prometheus-api.test.ts (its header
 * gives the tolerances): the spec the rules are generated from, the wait for
 * the recorded periods, a server over either source, and the comparisons of
 * the two sources' series.
 */
import assert from 'node:assert/strict';
import type { ObjectiveDetail, Series } from '../../src/api/index.ts';
import { podInfos, type RunningServer, sourcePods, startServer } from '../../src/server/index.ts';
import type { SloSource } from '../../src/sources/index.ts';
import { parseDuration, type SloSpec } from '../../src/spec/index.ts';
import { assertClose, type SourcesRig, sleep } from '../helpers/gateway-traffic.ts';

export const MINUTE = 60_000;
/** Left out of the loaded rules, so its budget comes from the raw-counter fallback. */
export const UNRECORDED = 'error-rate';

/** The spec the rules are generated from: the production environment without UNRECORDED. */
export function ruleSpec(s: SloSpec): SloSpec {
  return {
    ...s,
    environments: s.environments.map((e) =>
      e.name === 'production' ? { ...e, objectives: e.objectives.filter((o) => o.name !== UNRECORDED) } : e,
    ),
  };
}

/**
 * Waits (up to 4 minutes) until the rules' ratio over the period has been
 * evaluated on increases recorded after the traffic: two groups of the
 * recording rules evaluated each minute (src/promql/recorded-windows.ts), so
 * up to two minutes after it. Before, the ratio is 0/0 (NaN), or partial.
 */
export async function periodRecordsSawTraffic(spec: SloSpec, rig: SourcesRig): Promise<void> {
  const env = spec.environments.find((e) => e.name === 'production');
  const recorded = (env?.objectives ?? []).filter((o) => o.kind !== 'throughput' && o.name !== UNRECORDED);
  const query = `environment:vllm_slo_errors:ratio_rate${env?.period}{environment="production"}`;
  const totals = `sum(environment:vllm_requests:increase5m{environment="production"})`;
  let last = '';
  for (let i = 0; i < 240; i++) {
    const [ratios, seen] = await Promise.all([
      rig.client.instant(query, Date.now()),
      rig.client.instant(totals, Date.now()),
    ]);
    last = `${ratios.length} ratios, ${seen[0]?.value} requests`;
    if (
      ratios.length === recorded.length &&
      ratios.every((r) => !Number.isNaN(r.value)) &&
      (seen[0]?.value ?? 0) > 0
    )
      return;
    await sleep(1000);
  }
  assert.fail(`the period records never saw the traffic (${last})`);
}

/**
 * Over the embedded store the pods are the gateway's pool (as in the demo);
 * over Prometheus, its vllm_pod_up series. Both answer for `now()`.
 */
export function serve(
  spec: SloSpec,
  rig: SourcesRig,
  source: SloSource,
  now: () => number,
): Promise<RunningServer> {
  const production = spec.environments.find((e) => e.name === 'production');
  assert.ok(production);
  const pool = rig.gateway.pool;
  const pods =
    source.kind === 'embedded'
      ? () => podInfos(production, pool.pods(), source, now(), pool.panicking)
      : () => sourcePods(spec, source, now());
  return startServer({ spec, source, now, pods });
}

/** Both null, or both numbers within the tolerance. */
export function sameSeries(e: Series, p: Series, what: string, rel: number, slack: number): void {
  assert.equal(e.length, p.length, `${what} length`);
  e.forEach((v, s) => {
    if (v === null || p[s] === null)
      assert.equal(p[s], v, `${what} step ${s}: embedded ${v}, prometheus ${p[s]}`);
    else assertClose(v, p[s], rel, `${what} step ${s}`, slack);
  });
}

/** Windows above this the rules record from the 5-minute increases (src/rules/sli-rules.ts). */
const FROM_INCREASES_MS = 6 * 60 * MINUTE;

/**
 * The burn-rate series of both sources for every window (header: tolerances);
 * `traffic` is the step of the traffic, `slack` one request's share of it.
 */
export function sameBurnRates(
  e: ObjectiveDetail,
  p: ObjectiveDetail,
  budget: number,
  traffic: number,
  slack: number,
) {
  const name = e.status.name;
  assert.deepEqual(Object.keys(p.burn_rates), Object.keys(e.burn_rates), `${name} burn windows`);
  assert.ok(Object.keys(e.burn_rates).length > 0, `${name} has burn windows`);
  for (const [w, es] of Object.entries(e.burn_rates)) {
    const ps = p.burn_rates[w] ?? [];
    const what = `${name} burn ${w}`;
    assert.equal(es.at(-1), e.status.burn_rates[w], `${what}: embedded now is its status`);
    // Now, a minute or more past the traffic, the short windows may have none: both null then.
    const now = (x: Series) => [x.at(-1) ?? null];
    const status = [p.status.burn_rates[w] ?? null];
    // Now is status's answer in both (objective-detail.ts), which agree within the SLI's 1 %.
    assert.deepEqual(now(ps), status, `${what}: prometheus now is its status`);
    sameSeries(now(es), now(ps), `${what} now`, 0.01, slack / budget);
    if (name === UNRECORDED || parseDuration(w) <= FROM_INCREASES_MS)
      sameSeries(es, ps, what, 0.01, slack / budget);
    else for (let k = 0; k < traffic; k++) assert.equal(ps[k], null, `${what} step ${k}`);
  }
}

/** Each Prometheus quantile in the histogram bucket that holds the embedded one (null where embedded is). */
export function sameBucket(e: Series, p: Series, buckets: readonly number[], what: string): void {
  e.forEach((v, s) => {
    if (v === null) {
      assert.equal(p[s], null, `${what} step ${s}`);
      return;
    }
    const upper = buckets.find((b) => b >= v) ?? Number.POSITIVE_INFINITY;
    const lower = [...buckets].reverse().find((b) => b < v) ?? 0;
    const q = p[s] ?? Number.NaN;
    assert.ok(q >= lower * 0.995 && q <= upper * 1.005, `${what} step ${s}: embedded ${v}, prometheus ${q}`);
  });
}
