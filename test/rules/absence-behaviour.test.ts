/**
 * VllmSLOMetricAbsent under the real `promtool test rules` (issue 10,
 * section 3): when an environment's requests metric vanishes it fires after
 * `alerting.absentFor` (10m), routed like the environment's most severe
 * objective; a present series, even one that no request moves, stays
 * silent; an environment that never had the metric fires too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';
import { withTempDir } from '../helpers/tools.ts';
import {
  counterValues,
  firing,
  neverFired,
  notFiring,
  runPromtoolTests,
  type Scenario,
} from './promtool-harness.ts';

const ALERT = 'VllmSLOMetricAbsent';
const PROD = 'vllm_requests_total{environment="production",model="llama-3-8b",pod="vllm-production-0"}';

function firesAt(evalTime: string, environment: string, severity: string) {
  return {
    eval_time: evalTime,
    expr: firing(ALERT, environment, ['severity']),
    exp_samples: [{ labels: `{severity="${severity}"}`, value: 1 }],
  };
}

const scenarios: Scenario[] = [
  {
    // The gateway's target goes away at 30m: Prometheus marks its series stale on the failed scrape.
    name: 'absent-series-vanishes',
    series: [{ series: PROD, values: `${counterValues([{ minutes: 30, perMinute: 600 }])} stale` }],
    checks: [
      neverFired('39m', '39m', { alertname: ALERT, environment: 'production' }),
      firesAt('41m', 'production', 'critical'),
      // Staging never had the metric: absent from the start, firing once absentFor passed.
      notFiring('9m', { alertname: ALERT, environment: 'staging' }),
      firesAt('11m', 'staging', 'high'),
    ],
  },
  {
    name: 'absent-present-series-silent',
    series: [{ series: PROD, values: counterValues([{ minutes: 90, perMinute: 600 }]) }],
    checks: [neverFired('90m', '90m', { alertname: ALERT, environment: 'production' })],
  },
  {
    // Near-idle: the counter exists but no request moves it for an hour (3 a.m.): data, not absence.
    name: 'absent-idle-series-silent',
    series: [
      {
        series: PROD,
        values: counterValues([
          { minutes: 5, perMinute: 1 },
          { minutes: 85, perMinute: 0 },
        ]),
      },
    ],
    checks: [neverFired('90m', '90m', { alertname: ALERT, environment: 'production' })],
  },
];

describe('the absence alert under promtool test rules', () => {
  it('fires absentFor after the requests metric vanishes, never while it is present', async () => {
    await withTempDir((dir) => {
      for (const r of runPromtoolTests(defaultSpec(), dir, scenarios))
        assert.equal(r.status, 0, `${r.name}:\n${r.stdout}\n${r.stderr}`);
    });
  });

  it('takes its time from alerting.absentFor', async () => {
    const spec = editedDefaultSpec([['absentFor: 10m', 'absentFor: 3m']]);
    const quick: Scenario = {
      name: 'absent-for-3m',
      series: [{ series: PROD, values: `${counterValues([{ minutes: 30, perMinute: 600 }])} stale` }],
      checks: [
        notFiring('32m', { alertname: ALERT, environment: 'production' }),
        firesAt('34m', 'production', 'critical'),
      ],
    };
    await withTempDir((dir) => {
      for (const r of runPromtoolTests(spec, dir, [quick]))
        assert.equal(r.status, 0, `${r.name}:\n${r.stdout}\n${r.stderr}`);
    });
  });
});
