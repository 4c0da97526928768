/**
 * What the dashboard queries return, evaluated by the real Prometheus engine
 * (`promtool test rules`) on made-up series, with Grafana's variables set to
 * one environment or another: the per-environment lookup keeps the selected
 * environment's constants, budgets come out in the right units, and the pod
 * panels pick the environment's pods by its regex.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { deploymentDashboard, type JsonObject, sloDashboard } from '../../src/dashboards/index.ts';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';
import { DEFAULT_VALUES, substitute, targetOf } from './dashboard-json.ts';

interface Check {
  /** Panel title and target refId of the query under test. */
  query: [string, string];
  environment: string;
  samples: Array<{ labels: string; value: number }>;
}

interface Scenario {
  name: string;
  dashboard: JsonObject;
  series: Array<{ series: string; values: string }>;
  checks: Check[];
}

/**
 * Runs one promtool unit test file: the scenario's series, each check at 5m.
 * promtool 2.42 compares values exactly, so expected values are chosen to be
 * exact in binary floating point after the queries' arithmetic.
 */
function run(s: Scenario): Promise<{ status: number; output: string }> {
  return withTempDir((dir) => {
    const promql_expr_test = s.checks.map((c) => ({
      expr: substitute(targetOf(s.dashboard, c.query[0], c.query[1]), {
        ...DEFAULT_VALUES,
        environment: c.environment,
      }),
      eval_time: '5m',
      exp_samples: c.samples,
    }));
    const file = join(dir, `${s.name}.test.yaml`);
    const test = {
      evaluation_interval: '1m',
      tests: [{ interval: '1m', input_series: s.series, promql_expr_test }],
    };
    writeFileSync(file, stringify(test, { lineWidth: 0 }));
    const r = runTool('promtool', ['test', 'rules', file], { cwd: dir });
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
  });
}

async function assertPasses(s: Scenario): Promise<void> {
  const r = await run(s);
  assert.equal(r.status, 0, `${s.name}: promtool test rules failed:\n${r.output}`);
}

const ratio = (window: string, env: string, slo: string, value: number) => ({
  series: `environment:vllm_slo_errors:ratio_rate${window}{environment="${env}",slo="${slo}"}`,
  values: `${value}x10`,
});

describe('SLO dashboard queries under Prometheus', () => {
  const d = sloDashboard(defaultSpec());
  const series = [
    ratio('30d', 'production', 'availability', 0.0005),
    ratio('7d', 'staging', 'availability', 0.005),
    ratio('7d', 'development', 'latency-p95', 0.1),
    ratio('1h', 'production', 'availability', 0.015),
    ratio('1h', 'staging', 'availability', 0.015),
  ];

  it("keeps the selected environment's budget, in minutes and as a share", async () => {
    await assertPasses({
      name: 'budget',
      dashboard: d,
      series,
      checks: [
        // 99.9 % over 30 days: 43.2 minutes of budget, half of it spent.
        {
          query: ['Error Budget Remaining (minutes)', 'A'],
          environment: 'production',
          samples: [{ labels: '{environment="production",slo="availability"}', value: 21.6 }],
        },
        // 99 % over 7 days: 100.8 minutes, half spent.
        {
          query: ['Error Budget Remaining (minutes)', 'A'],
          environment: 'staging',
          samples: [{ labels: '{environment="staging",slo="availability"}', value: 50.4 }],
        },
        {
          query: ['Error Budget Remaining', 'A'],
          environment: 'production',
          samples: [{ labels: '{environment="production",slo="availability"}', value: 0.5 }],
        },
        // 10 % slow requests against a 5 % budget: overspent by 100 %.
        {
          query: ['Error Budget Remaining', 'A'],
          environment: 'development',
          samples: [{ labels: '{environment="development",slo="latency-p95"}', value: -1 }],
        },
        {
          query: ['Availability', 'E'],
          environment: 'production',
          samples: [{ labels: '{environment="production",slo="availability"}', value: 0.9995 }],
        },
      ],
    });
  });

  it('divides burn rates and draws factors by the selected environment', async () => {
    await assertPasses({
      name: 'burn',
      dashboard: d,
      series,
      checks: [
        {
          query: ['Burn Rate: availability', 'C'],
          environment: 'production',
          samples: [{ labels: '{environment="production",slo="availability"}', value: 15 }],
        },
        {
          query: ['Burn Rate: availability', 'C'],
          environment: 'staging',
          samples: [{ labels: '{environment="staging",slo="availability"}', value: 1.5 }],
        },
        {
          // Staging's 7d period scales the windows (14m/1m10s), not the factor: 14.4, never below 1;
          // the series carries the scaled windows for the legend.
          query: ['Burn Rate: availability', 'page-1h-5m'],
          environment: 'staging',
          samples: [
            { labels: '{environment="staging",long_window="14m",short_window="1m10s"}', value: 14.4 },
          ],
        },
        {
          query: ['Burn Rate: availability', 'page-1h-5m'],
          environment: 'production',
          samples: [{ labels: '{environment="production",long_window="1h",short_window="5m"}', value: 14.4 }],
        },
        {
          query: ['P95 Latency vs SLO', 'SLO'],
          environment: 'development',
          samples: [{ labels: '{environment="development"}', value: 5 }],
        },
        // No TTFT objective in staging: no line.
        { query: ['TTFT P95 vs SLO', 'SLO'], environment: 'staging', samples: [] },
      ],
    });
  });

  it('fails when the expected value is wrong (the harness can fail)', async () => {
    const r = await run({
      name: 'wrong',
      dashboard: d,
      series,
      checks: [
        {
          query: ['Error Budget Remaining (minutes)', 'A'],
          environment: 'production',
          samples: [{ labels: '{environment="production",slo="availability"}', value: 43.8 }],
        },
      ],
    });
    assert.notEqual(r.status, 0);
  });
});

const pods = [
  { series: 'kube_pod_status_ready{condition="true",pod="web-production-0"}', values: '1x10' },
  { series: 'kube_pod_status_ready{condition="true",pod="web-production-1"}', values: '0x10' },
  { series: 'kube_pod_status_ready{condition="true",pod="vllm-prod-7"}', values: '0x10' },
  { series: 'kube_pod_status_ready{condition="true",pod="web-staging-0"}', values: '1x10' },
  { series: 'kube_pod_status_phase{namespace="llm",pod="web-production-0",phase="Running"}', values: '1x10' },
  { series: 'kube_pod_status_phase{namespace="llm",pod="web-production-0",phase="Pending"}', values: '0x10' },
  { series: 'kube_pod_status_phase{namespace="llm",pod="web-production-1",phase="Running"}', values: '0x10' },
  { series: 'kube_pod_status_phase{namespace="llm",pod="web-production-1",phase="Pending"}', values: '1x10' },
  { series: 'kube_pod_info{namespace="llm",pod="web-production-0",node="gpu-node-1"}', values: '1x10' },
  { series: 'kube_pod_info{namespace="llm",pod="web-production-1"}', values: '1x10' },
  {
    series:
      'kube_pod_container_status_restarts_total{namespace="llm",pod="web-production-0",container="vllm"}',
    values: '3x10',
  },
];

describe('deployment dashboard queries under Prometheus', () => {
  it("reads the selected environment's pods by its regex: readiness, phase, details", async () => {
    await assertPasses({
      name: 'pods',
      dashboard: deploymentDashboard(defaultSpec()),
      series: pods,
      checks: [
        {
          query: ['Pod Availability', 'A'],
          environment: 'production',
          samples: [{ labels: '{}', value: 0.5 }],
        },
        { query: ['Pod Availability', 'A'], environment: 'staging', samples: [{ labels: '{}', value: 1 }] },
        {
          query: ['Pod Status Timeline', 'A'],
          environment: 'production',
          samples: [
            { labels: '{pod="web-production-0"}', value: 1 },
            { labels: '{pod="web-production-1"}', value: 2 },
          ],
        },
        {
          query: ['Pod Details', 'A'],
          environment: 'production',
          samples: [
            {
              labels: '{namespace="llm",pod="web-production-0",node="gpu-node-1",phase="Running"}',
              value: 3,
            },
            { labels: '{namespace="llm",pod="web-production-1",phase="Pending"}', value: 0 },
          ],
        },
      ],
    });
  });

  it('looks the regex up per environment when no template fits', async () => {
    const spec = editedDefaultSpec([['podRegex: ".*-production-.*"', 'podRegex: "vllm-prod-[0-9]+"']]);
    await assertPasses({
      name: 'lookup',
      dashboard: deploymentDashboard(spec),
      series: pods,
      checks: [
        {
          query: ['Pod Availability', 'A'],
          environment: 'production',
          samples: [{ labels: '{environment="production"}', value: 0 }],
        },
        {
          query: ['Pod Availability', 'A'],
          environment: 'staging',
          samples: [{ labels: '{environment="staging"}', value: 1 }],
        },
      ],
    });
  });
});
