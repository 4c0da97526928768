/**
 * What counts as a failure in the generated rules, under the real
 * `promtool test rules` (issue 10): a client's 404s are recorded in
 * vllm_errors_total but do not move the availability SLI or page; 429s
 * (the service refused work) do, unless the environment's failureTypes
 * leaves rate_limited out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SloSpec } from '../../src/spec/index.ts';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';
import { withTempDir } from '../helpers/tools.ts';
import {
  counterValues,
  type InputSeries,
  neverFired,
  POD_LABELS,
  runPromtoolTests,
  type Scenario,
} from './promtool-harness.ts';

/** 1000 requests a minute for an hour, `perMinute` of them failing with one class and type. */
function traffic(errorClass: string, errorType: string, perMinute: number): InputSeries[] {
  return [
    {
      series: `vllm_requests_total{${POD_LABELS}}`,
      values: counterValues([{ minutes: 60, perMinute: 1000 }]),
    },
    {
      series: `vllm_errors_total{${POD_LABELS},error_class="${errorClass}",error_type="${errorType}"}`,
      values: counterValues([{ minutes: 60, perMinute }]),
    },
    {
      // Every other kind at zero, as the gateway creates them.
      series: `vllm_errors_total{${POD_LABELS},error_class="server",error_type="internal"}`,
      values: counterValues([{ minutes: 60, perMinute: 0 }]),
    },
  ];
}

/** The availability SLI over 5m at 30m, in per mille (rounded: 100 of 1000 is 0.09999... in floats). */
function availabilityPerMille(value: number) {
  return {
    eval_time: '30m',
    expr: 'round(environment:vllm_slo_errors:ratio_rate5m{environment="production",slo="availability"} * 1000)',
    exp_samples: [{ labels: '{environment="production", slo="availability"}', value }],
  };
}

async function run(spec: SloSpec, scenarios: Scenario[]): Promise<void> {
  return withTempDir((dir) => {
    for (const r of runPromtoolTests(spec, dir, scenarios))
      assert.equal(r.status, 0, `${r.name}:\n${r.stdout}\n${r.stderr}`);
  });
}

describe('failures in the generated rules', () => {
  it('10 % 404s do not move the availability SLI or page; 10 % 429s do', async () => {
    await run(defaultSpec(), [
      {
        name: 'not-found-is-not-bad',
        series: traffic('client', 'not_found', 100),
        checks: [
          availabilityPerMille(0),
          neverFired('60m', '60m', {
            alertname: 'VllmAvailabilityLow|VllmErrorRateHigh|VllmErrorBudgetBurn',
          }),
        ],
      },
      {
        name: 'rate-limited-is-bad',
        series: traffic('server', 'rate_limited', 100),
        checks: [availabilityPerMille(100)],
      },
    ]);
  });

  it('429s are no bad events where failureTypes leaves rate_limited out', async () => {
    const spec = editedDefaultSpec([
      [
        '  production:\n    period: 30d\n',
        '  production:\n    period: 30d\n    failureTypes: [internal, unavailable, timeout, stream_aborted, stream_error]\n',
      ],
    ]);
    await run(spec, [
      {
        name: 'rate-limited-excluded',
        series: traffic('server', 'rate_limited', 100),
        checks: [availabilityPerMille(0)],
      },
    ]);
  });
});
