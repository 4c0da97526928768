/**
 * Embedded-mode alert conditions: each supported alert type of the default
 * spec holds on crafted traffic and not on healthy traffic, with the labels,
 * `for` and annotations of the generated rule for the same alert.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertConditions } from '../../src/alerting/index.ts';
import type { AlertCondition } from '../../src/engine/index.ts';
import { type AlertingRule, isAlertingRule, ruleFiles } from '../../src/rules/index.ts';
import { EmbeddedSource, evaluate } from '../../src/sources/index.ts';
import { parseDuration, type SloSpec } from '../../src/spec/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { DAY, MIN, type measurement, recordRequests, T0 } from '../store/store-helpers.ts';

const spec = defaultSpec();
/** Mid-minute, ten days after T0. */
const AT = T0 + 10 * DAY + 30_000;
const serverError = { errorClass: 'server', errorType: 'internal', status: 500 } as const;

type Fill = (store: SloStore) => void;

async function conditionsFor(fill: Fill, s: SloSpec = spec, environment = 'production') {
  const store = SloStore.open(':memory:', { autoCompact: false, flushIntervalMs: 3_600_000 });
  try {
    fill(store);
    // Production only: the other environments get no traffic here, so their absence alerts hold
    // (test/alerting/absence-condition.test.ts).
    return await alertConditions(s, new EmbeddedSource(store), AT, undefined, environment);
  } finally {
    store.close();
  }
}

/** `n` requests spread over the 200 s before `end`, served by pod-a; `over` per request index. */
function traffic(
  store: SloStore,
  n: number,
  over: (i: number) => Parameters<typeof measurement>[2] = () => ({}),
  end = AT,
  durationMs = 200,
): void {
  recordRequests(store, n, end, 200, (i) => ({ ttftMs: 100, ...over(i) }), durationMs);
}

/** Pods probed in the current minute: up or down. */
function health(store: SloStore, pods: Record<string, boolean>): void {
  for (const [pod, up] of Object.entries(pods)) store.recordPodHealth('production', pod, AT - 10_000, up, 15);
}

/** The generated alerting rules of production. */
const productionRules: AlertingRule[] = ruleFiles(spec)
  .flatMap((f) => f.groups)
  .filter((g) => g.name.startsWith('vllm-slo-production-'))
  .flatMap((g) => g.rules)
  .filter(isAlertingRule);

function rule(alert: string, match: Record<string, string>): AlertingRule {
  const found = productionRules.filter(
    (r) => r.alert === alert && Object.entries(match).every(([k, v]) => r.labels[k] === v),
  );
  assert.equal(found.length, 1, `one generated rule ${alert} ${JSON.stringify(match)}`);
  return found[0] as AlertingRule;
}

function names(cs: readonly AlertCondition[]): string[] {
  return cs.map((c) => `${c.alertname}/${c.labels.severity}`).sort();
}

/** Label keys in a fixed order, for comparing label sets. */
function sorted(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/** The condition matches its generated rule: labels (plus the result's), `for`, rendered annotations. */
function assertMirrors(c: AlertCondition, r: AlertingRule, resultLabels: Record<string, string> = {}): void {
  assert.deepEqual(sorted(c.labels), sorted({ ...resultLabels, ...r.labels }));
  assert.equal(c.forMs, r.for === undefined ? 0 : parseDuration(r.for));
  assert.deepEqual(Object.keys(c.annotations).sort(), Object.keys(r.annotations).sort());
  assert.equal(c.annotations.runbook_url, r.annotations.runbook_url);
  for (const [k, v] of Object.entries(c.annotations))
    assert.doesNotMatch(v, /\{\{/, `${k} has no template left`);
}

describe('alert conditions (embedded)', () => {
  it('healthy traffic with pods up holds nothing; throughput and GPU alerts are reported unsupported', async () => {
    const r = await conditionsFor((s) => {
      traffic(s, 400);
      health(s, { 'pod-a': true, 'pod-b': false });
    });
    assert.deepEqual(r.conditions, []);
    assert.deepEqual(
      r.unsupported.map((u) => `${u.environment}/${u.alertname}`),
      ['production/VllmThroughputLow', 'production/VllmGPUUtilizationHigh'],
    );
    assert.match(r.unsupported[0]?.reason ?? '', /num_requests_waiting/);
  });

  it('10 % errors: error rate, availability, budget and burn-rate alerts with their rules labels', async () => {
    const r = await conditionsFor((s) => traffic(s, 400, (i) => (i % 10 === 0 ? serverError : {})));
    assert.deepEqual(names(r.conditions), [
      'VllmAvailabilityLow/critical',
      'VllmAvailabilityLow/high',
      'VllmBurnRateHigh/medium',
      'VllmErrorBudgetBurn/critical',
      'VllmErrorBudgetBurn/critical',
      'VllmErrorBudgetBurn/high',
      'VllmErrorBudgetBurn/high',
      'VllmErrorBudgetLow/high',
      'VllmErrorRateHigh/critical',
      'VllmErrorRateHigh/high',
      'VllmErrorRateHigh/medium',
    ]);
    const env = { environment: 'production' };
    for (const c of r.conditions) {
      if (c.alertname === 'VllmErrorBudgetBurn') {
        const { slo = '', long_window = '', short_window = '' } = c.labels;
        assertMirrors(c, rule(c.alertname, { slo, long_window, short_window }), env);
      } else if (c.alertname === 'VllmErrorBudgetLow' || c.alertname === 'VllmBurnRateHigh')
        assertMirrors(c, rule(c.alertname, { severity: c.labels.severity ?? '' }), {
          ...env,
          slo: 'availability',
        });
      else assertMirrors(c, rule(c.alertname, { severity: c.labels.severity ?? '' }), env);
    }
    const low = r.conditions.find((c) => c.alertname === 'VllmAvailabilityLow');
    assert.match(low?.annotations.description ?? '', /Only 90\.000% of requests succeeded/);
    assert.match(low?.annotations.summary ?? '', /^production: /);
  });

  it('a slow model raises per-model latency and TTFT alerts; the regression alert is environment-wide', async () => {
    const r = await conditionsFor((s) => {
      traffic(s, 100, () => ({ model: 'llama', ttftMs: 900 }), AT, 7000);
      traffic(s, 100, () => ({ model: 'mistral' }));
    });
    const burns = r.conditions.filter((c) => c.alertname === 'VllmErrorBudgetBurn');
    // Half the requests are slow: the latency and TTFT objectives burn their budgets too.
    assert.deepEqual([...new Set(burns.map((c) => c.labels.slo))].sort(), [
      'latency-p95',
      'latency-p99',
      'ttft-p95',
    ]);
    const thresholds = r.conditions.filter((c) => c.alertname !== 'VllmErrorBudgetBurn');
    assert.deepEqual(names(thresholds), [
      'VllmLatencyP95High/critical',
      'VllmLatencyP95High/high',
      'VllmLatencyP95High/medium',
      'VllmLatencyP99High/critical',
      'VllmLatencyRegression/medium',
      'VllmTTFTP95High/medium',
    ]);
    for (const c of thresholds) {
      const result: Record<string, string> = { environment: 'production' };
      if (c.alertname !== 'VllmLatencyRegression') result.model = 'llama';
      assertMirrors(c, rule(c.alertname, { severity: c.labels.severity ?? '' }), result);
    }
    const ttft = r.conditions.find((c) => c.alertname === 'VllmTTFTP95High');
    assert.match(ttft?.annotations.description ?? '', /TTFT over 5m is 90\d\.?\d*ms/);
  });

  it('fast models raise no latency alert', async () => {
    const r = await conditionsFor((s) => {
      traffic(s, 100, () => ({ model: 'llama' }), AT, 2000);
      traffic(s, 100, () => ({ model: 'mistral' }));
    });
    assert.deepEqual(r.conditions, []);
  });

  it('all pods down holds only when every reporting pod is down', async () => {
    const down = await conditionsFor((s) => health(s, { 'pod-a': false, 'pod-b': false }));
    // No request and no pod up: the data is absent too; Alertmanager's VllmAllPodsDown inhibition mutes it.
    assert.deepEqual(names(down.conditions), ['VllmAllPodsDown/critical', 'VllmSLOMetricAbsent/critical']);
    assertMirrors(down.conditions[0] as AlertCondition, rule('VllmAllPodsDown', {}), {
      environment: 'production',
    });
    const oneUp = await conditionsFor((s) => health(s, { 'pod-a': false, 'pod-b': true }));
    assert.deepEqual(oneUp.conditions, []);
  });

  it('a near-idle environment with one error pages nobody; the same share on real traffic opens tickets', async () => {
    // 40 minutes ago: inside the 1h, 2h and longer windows, outside 5m and 30m.
    const earlier = AT - 40 * MIN;
    // The gateway still probes its pod: near-idle, not absent.
    const idle = await conditionsFor((s) => {
      traffic(s, 30, (i) => (i === 0 ? serverError : {}), earlier);
      health(s, { 'pod-a': true });
    });
    assert.deepEqual(
      idle.conditions.filter(
        (c) => c.labels.severity === 'critical' || c.alertname === 'VllmErrorBudgetBurn',
      ),
      [],
    );
    const busy = await conditionsFor((s) =>
      traffic(s, 300, (i) => (i % 30 === 0 ? serverError : {}), earlier),
    );
    assert.deepEqual(
      busy.conditions
        .filter((c) => c.alertname === 'VllmErrorBudgetBurn')
        .map((c) => `${c.labels.long_window}/${c.labels.short_window}/${c.labels.alert_type}`),
      ['1d/2h/ticket', '3d/6h/ticket'],
    );
  });

  it('holds threshold alerts below the traffic guard: one failure in three, slow requests at night', async () => {
    // 3 requests in 5 minutes, under minRequests (100 per hour) scaled to 5m: 9.
    const night = await conditionsFor((s) =>
      traffic(s, 3, (i) => (i === 0 ? serverError : { ttftMs: 900 }), AT, 7000),
    );
    const guarded = /^Vllm(AvailabilityLow|ErrorRateHigh|LatencyP9\dHigh|TTFTP95High)$/;
    assert.deepEqual(names(night.conditions.filter((c) => guarded.test(c.alertname))), []);
    const busy = await conditionsFor((s) => traffic(s, 9, (i) => (i % 3 === 0 ? serverError : {})));
    assert.ok(
      busy.conditions.some((c) => c.alertname === 'VllmErrorRateHigh' && c.labels.severity === 'critical'),
    );
  });

  it("scales the burn-rate windows to a 7-day period: staging's pairs never fire below a burn of 1", async () => {
    const staging = (over: Parameters<typeof measurement>[2]) => ({ environment: 'staging', ...over });
    const burns = async (every: number) =>
      (
        await conditionsFor(
          (s) => traffic(s, 400, (i) => staging(i % every === 0 ? serverError : {})),
          spec,
          'staging',
        )
      ).conditions
        .filter((c) => c.alertname === 'VllmErrorBudgetBurn' && c.labels.environment === 'staging')
        .map((c) => `${c.labels.long_window}/${c.labels.short_window}/${c.labels.burn_rate}`);
    // 0.5 % errors is half staging's 1 % budget: the old 7d factors (0.7 and 0.233) fired tickets.
    assert.deepEqual(await burns(200), []);
    // 10 %: a burn of 10, above the 6h pair's 6 scaled to 1h24m/7m, below 14.4.
    assert.deepEqual(await burns(10), ['1h24m/7m/6', '5h36m/28m/3', '16h48m/1h24m/1']);
  });

  it('takes the burn-rate pairs from the status document it is given', async () => {
    const store = SloStore.open(':memory:', { autoCompact: false, flushIntervalMs: 3_600_000 });
    try {
      traffic(store, 400, (i) => (i % 10 === 0 ? serverError : {}));
      const source = new EmbeddedSource(store);
      const status = await evaluate(spec, source, AT, 'production');
      const withPairs = await alertConditions(spec, source, AT, status, 'production');
      assert.equal(withPairs.conditions.filter((c) => c.alertname === 'VllmErrorBudgetBurn').length, 4);
      for (const o of status.environments[0]?.objectives ?? []) o.firing_alerts = [];
      const without = await alertConditions(spec, source, AT, status, 'production');
      assert.equal(without.conditions.filter((c) => c.alertname === 'VllmErrorBudgetBurn').length, 0);
      assert.ok(without.conditions.some((c) => c.alertname === 'VllmErrorRateHigh'));
    } finally {
      store.close();
    }
  });
});
