/**
 * The default spec (src/spec/default-spec.yaml) is valid and normalises to the
 * guide's numbers, and production's alerts are DESIGN.md's alert contract.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  defaultSpecText,
  type Environment,
  isRatioObjective,
  parseSpec,
  type RatioObjective,
  type ThresholdAlert,
  thresholdSeconds,
} from '../../src/spec/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const DAY_MS = 24 * 3600 * 1000;

function env(name: string): Environment {
  const e = defaultSpec().environments.find((x) => x.name === name);
  assert.ok(e, `no environment ${name}`);
  return e;
}

function ratio(envName: string, name: string): RatioObjective {
  const o = env(envName).objectives.find((x) => x.name === name);
  assert.ok(o && isRatioObjective(o), `no ratio objective ${envName}/${name}`);
  return o;
}

/** An alert as DESIGN.md's table words it: name, severity, condition. */
function contractLine(a: ThresholdAlert): string {
  const head = `${a.name} ${a.severity}`;
  switch (a.type) {
    case 'availability-low':
      return `${head} < ${a.below} % for ${a.for}`;
    case 'error-rate-high':
    case 'gpu-utilization-high':
      return `${head} > ${a.above} % for ${a.for}`;
    case 'latency-high':
    case 'ttft-high':
      return `${head} > ${thresholdSeconds(a.above)} s for ${a.for}`;
    case 'all-pods-down':
      return `${head} no pod up for ${a.for}`;
    case 'error-budget-low':
      return `${head} < ${a.remainingBelow} % of ${a.objective} budget left`;
    case 'burn-rate-high':
      return `${head} ${a.objective} burn rate > ${a.above} over ${a.window}`;
    case 'throughput-low':
      return `${head} < ${a.perPodBelow} req/s per pod for ${a.for}`;
    case 'latency-regression':
      return `${head} P${a.quantile * 100} / baseline ${thresholdSeconds(a.baseline)} s > ${a.ratioAbove}`;
  }
}

describe('the default spec', () => {
  test('is valid', () => {
    const r = parseSpec(defaultSpecText(), 'default-spec.yaml');
    assert.deepEqual(r.ok ? [] : r.problems, []);
    assert.equal(r.ok, true);
  });

  test('availability: 99.9 % over 30d, 99 % over 7d, 95 % over 7d', () => {
    const got = ['production', 'staging', 'development'].map((e) => {
      const o = ratio(e, 'availability');
      return [e, o.target, o.budget, o.period, o.periodMs];
    });
    assert.deepEqual(got, [
      ['production', 0.999, 0.001, '30d', 30 * DAY_MS],
      ['staging', 0.99, 0.01, '7d', 7 * DAY_MS],
      ['development', 0.95, 0.05, '7d', 7 * DAY_MS],
    ]);
  });

  test('production latency P95 < 3 s and TTFT P95 < 500 ms', () => {
    const p95 = ratio('production', 'latency-p95');
    assert.deepEqual([p95.quantile, p95.thresholdSeconds, p95.target, p95.budget], [0.95, 3, 0.95, 0.05]);
    const ttft = ratio('production', 'ttft-p95');
    assert.deepEqual([ttft.kind, ttft.quantile, ttft.thresholdSeconds], ['ttft', 0.95, 0.5]);
  });

  test('production throughput is at least 10 req/s per pod', () => {
    const o = env('production').objectives.find((x) => x.name === 'throughput');
    assert.ok(o && o.kind === 'throughput');
    assert.equal(o.minPerPod, 10);
  });

  test('an error rate of at most 0.1 % is a target of exactly 0.999', () => {
    const o = ratio('production', 'error-rate');
    assert.equal(o.kind, 'error-rate');
    // strictEqual, not a tolerance: 1 - 0.001 in floating point is 0.9990000000000001.
    assert.equal(o.target, 0.999);
    assert.equal(o.budget, 0.001);
    assert.equal(ratio('staging', 'error-rate').target, 0.99);
    assert.equal(ratio('development', 'error-rate').target, 0.95);
  });

  test("production's alert names are DESIGN.md's alert table", () => {
    const counts = new Map<string, number>();
    for (const a of env('production').alerts) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(counts), {
      VllmAvailabilityLow: 2,
      VllmLatencyP95High: 3,
      VllmLatencyP99High: 1,
      VllmErrorRateHigh: 3,
      VllmAllPodsDown: 1,
      VllmErrorBudgetLow: 1,
      VllmBurnRateHigh: 1,
      VllmTTFTP95High: 1,
      VllmThroughputLow: 1,
      VllmGPUUtilizationHigh: 1,
      VllmLatencyRegression: 1,
    });
  });

  test("production's alerts have DESIGN.md's severities and conditions", () => {
    assert.deepEqual(env('production').alerts.map(contractLine), [
      'VllmAvailabilityLow critical < 99 % for 5m',
      'VllmAvailabilityLow high < 99.5 % for 10m',
      'VllmLatencyP95High critical > 6 s for 5m',
      'VllmLatencyP95High high > 3 s for 10m',
      'VllmLatencyP95High medium > 3 s for 30m',
      'VllmLatencyP99High critical > 6 s for 5m',
      'VllmErrorRateHigh critical > 5 % for 5m',
      'VllmErrorRateHigh high > 1 % for 10m',
      'VllmErrorRateHigh medium > 0.5 % for 30m',
      'VllmAllPodsDown critical no pod up for 1m',
      'VllmErrorBudgetLow high < 20 % of availability budget left',
      'VllmBurnRateHigh medium availability burn rate > 2 over 1h',
      'VllmTTFTP95High medium > 0.5 s for 5m',
      'VllmThroughputLow medium < 10 req/s per pod for 5m',
      'VllmGPUUtilizationHigh medium > 80 % for 10m',
      'VllmLatencyRegression medium P95 / baseline 2.1 s > 1.2',
    ]);
  });

  test('alert durations are parsed into milliseconds', () => {
    const forMs = env('production').alerts.map((a) => a.forMs);
    assert.deepEqual(forMs.slice(0, 3), [5 * 60_000, 10 * 60_000, 5 * 60_000]);
    assert.ok(env('production').alerts.every((a) => a.environment === 'production'));
  });
});
