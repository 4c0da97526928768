/**
 * Threshold alerts of the default spec under the real `promtool test rules`:
 * latency quantiles against the guide's 3 s and 6 s, and all pods down.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSpec } from '../helpers/spec.ts';
import { withTempDir } from '../helpers/tools.ts';
import {
  counterValues,
  firing,
  gaugeValues,
  type InputSeries,
  neverFired,
  notFiring,
  POD_LABELS,
  runPromtoolTests,
  type Scenario,
} from './promtool-harness.ts';

/** Gateway buckets: prom-client defaults widened to hold every threshold of the spec (3 s, 6 s). */
const BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 6, 8, 10];

/** A request-duration histogram fed `perMinute` requests, `slowShare` of them taking 3.5 s, the rest 1.5 s. */
function latencyHistogram(minutes: number, perMinute: number, slowShare: number): InputSeries[] {
  const slow = Math.round(perMinute * slowShare);
  const fast = perMinute - slow;
  const bucket = (le: number) => (le >= 3.5 ? perMinute : le >= 1.5 ? fast : 0);
  return [
    ...BUCKETS.map((le) => ({
      series: `vllm_request_duration_seconds_bucket{${POD_LABELS},le="${le}"}`,
      values: counterValues([{ minutes, perMinute: bucket(le) }]),
    })),
    {
      series: `vllm_request_duration_seconds_bucket{${POD_LABELS},le="+Inf"}`,
      values: counterValues([{ minutes, perMinute }]),
    },
    {
      series: `vllm_request_duration_seconds_count{${POD_LABELS}}`,
      values: counterValues([{ minutes, perMinute }]),
    },
    { series: `vllm_requests_total{${POD_LABELS}}`, values: counterValues([{ minutes, perMinute }]) },
  ];
}

const scenarios: Scenario[] = [
  {
    // 10 % over 3 s puts P95 at about 3.5 s (above 3 s) and P99 at about 3.9 s (below 6 s).
    name: 'p95-over-3s-fires-high-p99-quiet',
    series: latencyHistogram(60, 1000, 0.1),
    checks: [
      notFiring('9m', { alertname: 'VllmLatencyP95High' }),
      {
        eval_time: '20m',
        expr: firing('VllmLatencyP95High', 'production', ['severity', 'model']),
        exp_samples: [{ labels: '{severity="high",model="llama-3-8b"}', value: 1 }],
      },
      {
        // After 30 minutes above 3 s the medium alert joins; the critical one (> 6 s) never does.
        eval_time: '45m',
        expr: firing('VllmLatencyP95High', 'production', ['severity']),
        exp_samples: [
          { labels: '{severity="high"}', value: 1 },
          { labels: '{severity="medium"}', value: 1 },
        ],
      },
      neverFired('60m', '60m', { alertname: 'VllmLatencyP99High' }),
    ],
  },
  {
    name: 'latency-within-slo-is-quiet',
    series: latencyHistogram(60, 1000, 0.02),
    checks: [neverFired('60m', '60m', { alertname: 'VllmLatencyP95High|VllmLatencyP99High' })],
  },
  {
    // One of two pods up: no alert. Both down for over a minute: VllmAllPodsDown (critical).
    name: 'all-pods-down',
    series: [
      {
        series: 'vllm_pod_up{environment="production",pod="vllm-production-0"}',
        values: gaugeValues([
          { minutes: 20, value: 1 },
          { minutes: 20, value: 0 },
        ]),
      },
      {
        series: 'vllm_pod_up{environment="production",pod="vllm-production-1"}',
        values: gaugeValues([
          { minutes: 10, value: 1 },
          { minutes: 30, value: 0 },
        ]),
      },
      {
        series: 'vllm_pod_up{environment="staging",pod="vllm-staging-0"}',
        values: gaugeValues([{ minutes: 40, value: 1 }]),
      },
    ],
    checks: [
      neverFired('19m', '19m', { alertname: 'VllmAllPodsDown' }),
      {
        eval_time: '25m',
        expr: firing('VllmAllPodsDown', 'production', ['severity']),
        exp_samples: [{ labels: '{severity="critical"}', value: 1 }],
      },
      neverFired('39m', '39m', { alertname: 'VllmAllPodsDown', environment: 'staging' }),
    ],
  },
];

describe('threshold alerts under promtool test rules', () => {
  it('fire on latency and pod health as the alert contract says', async () => {
    await withTempDir((dir) => {
      for (const r of runPromtoolTests(defaultSpec(), dir, scenarios))
        assert.equal(r.status, 0, `${r.name}:\n${r.stdout}\n${r.stderr}`);
    });
  });
});
