/**
 * The threshold alerts' minimum-traffic guard and VllmBurnRateHigh's short
 * window, on the default spec's rules under the real `promtool test rules`.
 * The guard is alerting.minRequests (100) per hour scaled to the alert's
 * window: 9 requests in 5 minutes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSpec } from '../helpers/spec.ts';
import { withTempDir } from '../helpers/tools.ts';
import {
  counterValues,
  firing,
  type InputSeries,
  neverFired,
  notFiring,
  POD_LABELS,
  podTraffic,
  runPromtoolTests,
  type Scenario,
} from './promtool-harness.ts';

const THRESHOLD_ALERTS = 'VllmAvailabilityLow|VllmErrorRateHigh|VllmLatencyP95High|VllmLatencyP99High';

/** `perMinute` requests a minute, every one taking 7 s (above every latency threshold). */
function slowRequests(minutes: number, perMinute: number): InputSeries[] {
  const series = (le: string, n: number) => ({
    series: `vllm_request_duration_seconds_bucket{${POD_LABELS},le="${le}"}`,
    values: counterValues([{ minutes, perMinute: n }]),
  });
  return [
    ...[1, 3, 6].map((le) => series(String(le), 0)),
    series('10', perMinute),
    series('+Inf', perMinute),
    {
      series: `vllm_request_duration_seconds_count{${POD_LABELS}}`,
      values: counterValues([{ minutes, perMinute }]),
    },
  ];
}

const scenarios: Scenario[] = [
  {
    // Night traffic: 3 requests per 5 minutes, one in three failing, for an hour. 33 % errors, but
    // 3 requests are under the 5m guard of 9 (and 36 in the hour under the burn pairs' 100).
    name: 'one-failure-in-three-at-night-does-not-page',
    series: podTraffic([{ minutes: 60, perMinute: 0.6 }], [{ minutes: 60, perMinute: 0.2 }]),
    checks: [neverFired('60m', '60m', { alertname: `${THRESHOLD_ALERTS}|VllmErrorBudgetBurn` })],
  },
  {
    // One request a minute, all of them 7 s: 5 in a 5m window, under the guard of 9.
    name: 'slow-requests-at-night-do-not-page',
    series: [
      ...slowRequests(60, 1),
      {
        series: `vllm_requests_total{${POD_LABELS}}`,
        values: counterValues([{ minutes: 60, perMinute: 1 }]),
      },
    ],
    checks: [neverFired('60m', '60m', { alertname: THRESHOLD_ALERTS })],
  },
  {
    // A real outage: 100 requests a minute, all failing from minute 30.
    name: 'real-outage-pages-through-the-guard',
    series: podTraffic(
      [{ minutes: 45, perMinute: 100 }],
      [
        { minutes: 30, perMinute: 0 },
        { minutes: 15, perMinute: 100 },
      ],
    ),
    checks: [
      {
        eval_time: '37m',
        expr: 'count by (alertname) (ALERTS{alertname=~"VllmAvailabilityLow|VllmErrorRateHigh",alertstate="firing",environment="production",severity="critical"})',
        exp_samples: [
          { labels: '{alertname="VllmAvailabilityLow"}', value: 1 },
          { labels: '{alertname="VllmErrorRateHigh"}', value: 1 },
        ],
      },
    ],
  },
  {
    // 0.25 % errors (2.5x the 0.1 % budget) from minute 60 to 180. VllmBurnRateHigh (> 2 over 1h)
    // fires once the hour holds 2/2.5 of it (minute 108), with no `for` on top, and clears within
    // its 5m short window once the burn stops, not 12 minutes later when the hour drops below 2x.
    name: 'burn-rate-high-means-over-the-last-hour',
    series: podTraffic(
      [{ minutes: 210, perMinute: 1000 }],
      [
        { minutes: 60, perMinute: 0 },
        { minutes: 120, perMinute: 2.5 },
        { minutes: 30, perMinute: 0 },
      ],
    ),
    checks: [
      notFiring('105m', { alertname: 'VllmBurnRateHigh' }),
      {
        eval_time: '110m',
        expr: firing('VllmBurnRateHigh', 'production', ['slo', 'severity']),
        exp_samples: [{ labels: '{slo="availability",severity="medium"}', value: 1 }],
      },
      notFiring('187m', { alertname: 'VllmBurnRateHigh' }),
    ],
  },
];

describe('traffic guard and burn-rate-high under promtool test rules', () => {
  it('hold threshold alerts at night traffic, page on a real outage, and clear burn-rate-high with its short window', async () => {
    await withTempDir((dir) => {
      const results = runPromtoolTests(defaultSpec(), dir, scenarios);
      for (const r of results) assert.equal(r.status, 0, `${r.name}:\n${r.stdout}\n${r.stderr}`);
    });
  });
});
