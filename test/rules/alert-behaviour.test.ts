/**
 * The generated alerts behave as the SRE Workbook predicts, checked by the
 * real `promtool test rules` on the default spec's rules.
 *
 * promtool evaluates every rule group at every 1m step up to the last
 * eval_time, so a run costs (minutes simulated) x (rules loaded), whatever
 * the input: scenarios feed production alone and load only its rules, and
 * run no longer than their claim needs (one run once hit the 120 s timeout
 * on a loaded machine).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SloSpec } from '../../src/spec/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { withTempDir } from '../helpers/tools.ts';
import {
  type ExprCheck,
  firing,
  neverFired,
  notFiring,
  podTraffic,
  runPromtoolTests,
  type Scenario,
} from './promtool-harness.ts';

/** The spec with production alone: the other environments' rules see no input and only cost time. */
function productionOnly(spec: SloSpec): SloSpec {
  return { ...spec, environments: spec.environments.filter((e) => e.name === 'production') };
}

const PAGES = { alertname: 'VllmErrorBudgetBurn', environment: 'production', severity: 'critical' };

function burnPairs(evalTime: string, pairs: Array<{ long: string; severity: string }>): ExprCheck {
  return {
    eval_time: evalTime,
    expr: firing('VllmErrorBudgetBurn', 'production', ['slo', 'long_window', 'severity']),
    exp_samples: pairs.map((p) => ({
      labels: `{slo="availability",long_window="${p.long}",severity="${p.severity}"}`,
      value: 1,
    })),
  };
}

const scenarios: Scenario[] = [
  {
    // An hour clean, then every request fails: the 1h/5m pair pages within 5 minutes.
    name: 'total-outage-pages',
    series: podTraffic(
      [{ minutes: 70, perMinute: 600 }],
      [
        { minutes: 60, perMinute: 0 },
        { minutes: 10, perMinute: 600 },
      ],
    ),
    checks: [
      neverFired('60m', '60m', { alertname: 'VllmErrorBudgetBurn' }),
      burnPairs('65m', [
        { long: '1h', severity: 'critical' },
        { long: '6h', severity: 'critical' },
        { long: '1d', severity: 'high' },
        { long: '3d', severity: 'high' },
      ]),
    ],
  },
  {
    // 0.05 % errors is half the 0.1 % budget: no burn, no error-rate or availability alert, ever
    // (until every window up to 6h is full; the ratio is the same in every window).
    name: 'steady-low-error-ratio-is-quiet',
    series: podTraffic([{ minutes: 370, perMinute: 10_000 }], [{ minutes: 370, perMinute: 5 }]),
    checks: [
      neverFired('370m', '370m', {
        alertname: 'VllmErrorBudgetBurn|VllmErrorRateHigh|VllmAvailabilityLow',
        environment: 'production',
      }),
    ],
  },
  {
    // 0.7 % is 7x the budget: above 6 (6h/30m) but below 14.4 (1h/5m).
    name: 'steady-0.7-percent-fires-6h-pair-only',
    series: podTraffic([{ minutes: 180, perMinute: 10_000 }], [{ minutes: 180, perMinute: 70 }]),
    checks: [
      burnPairs('120m', [
        { long: '6h', severity: 'critical' },
        { long: '1d', severity: 'high' },
        { long: '3d', severity: 'high' },
      ]),
      neverFired('180m', '180m', { alertname: 'VllmErrorBudgetBurn', long_window: '1h' }),
    ],
  },
  {
    // A 10-minute outage: the 1h/5m pair resolves about 5 minutes after it ends, every page within about 30.
    name: 'pages-resolve-after-outage',
    series: podTraffic(
      [{ minutes: 130, perMinute: 600 }],
      [
        { minutes: 60, perMinute: 0 },
        { minutes: 10, perMinute: 600 },
        { minutes: 60, perMinute: 0 },
      ],
    ),
    checks: [
      burnPairs('69m', [
        { long: '1h', severity: 'critical' },
        { long: '6h', severity: 'critical' },
        { long: '1d', severity: 'high' },
        { long: '3d', severity: 'high' },
      ]),
      notFiring('76m', { ...PAGES, long_window: '1h' }),
      notFiring('101m', PAGES),
    ],
  },
  {
    // One request a minute for hours, then a single error: the 1h window holds 60 requests, under
    // the guard of 100; the 6h window holds 360, where one error (0.28 %) is below 6x the budget.
    // The error comes once the 6h window is full; the paging pairs' windows (1h/5m, 6h/30m) have
    // seen it for an hour when the run ends.
    name: 'single-error-at-low-traffic-does-not-page',
    series: podTraffic(
      [{ minutes: 430, perMinute: 1 }],
      [
        { minutes: 370, perMinute: 0 },
        { minutes: 1, perMinute: 1 },
        { minutes: 59, perMinute: 0 },
      ],
    ),
    checks: [neverFired('430m', '430m', PAGES)],
  },
];

describe('generated alerts under promtool test rules', () => {
  it('behave as the SRE Workbook predicts for burn-rate scenarios', async () => {
    await withTempDir((dir) => {
      const results = runPromtoolTests(productionOnly(defaultSpec()), dir, scenarios);
      for (const r of results) assert.equal(r.status, 0, `${r.name}:\n${r.stdout}\n${r.stderr}`);
    });
  });
});
