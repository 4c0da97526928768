/**
 * Generated Grafana dashboards: the guide's panels and the variables present,
 * every panel on the datasource variable, correct budget units, spec
 * remapping honoured, and golden files for the default spec (their PromQL:
 * dashboard-promql.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dashboards, deploymentDashboard, sloDashboard } from '../../src/dashboards/index.ts';
import { assertGolden } from '../helpers/golden.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { panelByTitle, panels, targetOf, targets, titles, variable, variables } from './dashboard-json.ts';
import { perEnvironmentWindows, remapped, unrelatedPodRegexes } from './dashboard-specs.ts';

const DEPLOYMENT_TITLES = [
  'Pod Availability',
  'Pod Status Timeline',
  'Request Latency (P50/P95/P99)',
  'Request Rate & Error Rate',
  'GPU Utilization',
  'GPU Memory Usage',
  'CPU Usage',
  'Memory Usage',
  'Pod Details',
];

describe('vLLM Deployment Status', () => {
  const d = deploymentDashboard(defaultSpec());

  it("has the guide's nine panels in order", () => {
    assert.deepEqual(titles(d), DEPLOYMENT_TITLES);
    const types = panels(d).map((p) => p.type);
    assert.deepEqual(types, [
      'gauge',
      'state-timeline',
      'timeseries',
      'timeseries',
      'timeseries',
      'timeseries',
      'timeseries',
      'timeseries',
      'table',
    ]);
  });

  it('has datasource, environment, model and pod variables from the gateway metrics', () => {
    assert.deepEqual(
      variables(d).map((v) => v.name),
      ['datasource', 'environment', 'model', 'pod'],
    );
    assert.equal(variable(d, 'datasource').type, 'datasource');
    assert.equal(variable(d, 'datasource').query, 'prometheus');
    assert.equal(variable(d, 'environment').query, 'label_values(vllm_requests_total, environment)');
    assert.equal(
      variable(d, 'model').query,
      'label_values(vllm_requests_total{environment="$environment"}, model)',
    );
    assert.equal(variable(d, 'model').multi, true);
    assert.equal(variable(d, 'model').includeAll, true);
    assert.equal(variable(d, 'pod').query, 'label_values(vllm_pod_up{environment="$environment"}, pod)');
  });

  it('scopes kube, cAdvisor and DCGM series by the spec pod regex, templated on $environment', () => {
    const cpu = targetOf(d, 'CPU Usage', 'A');
    assert.match(
      cpu,
      /container_cpu_usage_seconds_total\{pod=~"\.\*-\$environment-\.\*",pod=~"\$pod",container!=""/,
    );
    assert.match(targetOf(d, 'GPU Utilization', 'A'), /DCGM_FI_DEV_GPU_UTIL\{pod=~"\.\*-\$environment-\.\*"/);
  });

  it('falls back to a per-environment lookup when the pod regexes share no template', () => {
    const expr = targetOf(deploymentDashboard(unrelatedPodRegexes()), 'Memory Usage', 'A');
    assert.match(expr, /pod=~"vllm-prod-\[0-9\]\+"/);
    assert.match(expr, /pod=~"\.\*-staging-\.\*"/);
    assert.match(
      expr,
      /and on \(environment\) label_replace\(vector\(1\), "environment", "\$environment", "", ""\)$/,
    );
    assert.doesNotMatch(expr, /-\$environment-/);
  });

  it('sets units: seconds, req/s with percent errors, percent GPU, bytes', () => {
    const unit = (title: string) =>
      (panelByTitle(d, title).fieldConfig as { defaults: { unit?: string } }).defaults.unit;
    assert.equal(unit('Request Latency (P50/P95/P99)'), 's');
    assert.equal(unit('Request Rate & Error Rate'), 'reqps');
    assert.equal(unit('GPU Utilization'), 'percent');
    assert.equal(unit('GPU Memory Usage'), 'bytes');
    assert.equal(unit('Memory Usage'), 'bytes');
    assert.equal(unit('Pod Availability'), 'percentunit');
    assert.match(
      JSON.stringify(panelByTitle(d, 'Request Rate & Error Rate')),
      /"id":"unit","value":"percentunit"/,
    );
  });
});

describe('vLLM SLO Tracking', () => {
  const d = sloDashboard(defaultSpec());

  it('has availability, budget, burn-rate, latency, TTFT and throughput panels', () => {
    assert.deepEqual(titles(d), [
      'Availability',
      'Error Budget Remaining',
      'Error Budget Remaining (minutes)',
      'Burn Rate: availability',
      'Burn Rate: latency-p95',
      'Burn Rate: latency-p99',
      'Burn Rate: ttft-p95',
      'P95 Latency vs SLO',
      'P99 Latency vs SLO',
      'TTFT P95 vs SLO',
      'Throughput per Pod',
    ]);
    assert.deepEqual(
      variables(d).map((v) => v.name),
      ['datasource', 'environment', 'model'],
    );
  });

  it('computes the budget in the right units, never the guide\'s "43.8 - count" formula', () => {
    const text = JSON.stringify(d);
    assert.doesNotMatch(text, /43\.8/);
    assert.doesNotMatch(text, /60 \* 60 \* 24 \* 30/);
    const minutes = targetOf(d, 'Error Budget Remaining (minutes)', 'A');
    assert.ok(
      minutes.includes(
        '(0.001 - environment:vllm_slo_errors:ratio_rate30d{environment="production",slo="availability"}) * 43200',
      ),
    );
    assert.ok(
      minutes.includes(
        '(0.01 - environment:vllm_slo_errors:ratio_rate7d{environment="staging",slo="availability"}) * 10080',
      ),
    );
    const fraction = targetOf(d, 'Error Budget Remaining', 'A');
    assert.ok(
      fraction.includes(
        '1 - environment:vllm_slo_errors:ratio_rate30d{environment="production",slo="availability"} / 0.001',
      ),
    );
  });

  it('draws burn-rate factors scaled to each environment period', () => {
    const page = targetOf(d, 'Burn Rate: availability', 'page-1h-5m');
    assert.match(page, /vector\(14\.4\), "environment", "production"/);
    // Pyrra: the factor stays, the windows scale (staging pages on 14m & 1m10s).
    assert.match(page, /vector\(14\.4\), "environment", "staging"/);
    assert.match(
      targetOf(d, 'Burn Rate: availability', 'C'),
      /ratio_rate1h\{environment="production",slo="availability"\} \/ 0\.001/,
    );
  });

  it('names the burn-rate pairs by the windows scaled to the selected environment', () => {
    const page = targetOf(d, 'Burn Rate: availability', 'page-1h-5m');
    assert.match(page, /"long_window", "14m"/);
    assert.match(page, /"short_window", "1m10s"/);
    const panel = panelByTitle(d, 'Burn Rate: availability');
    const target = (Array.isArray(panel.targets) ? panel.targets : []).find(
      (t) => t !== null && typeof t === 'object' && !Array.isArray(t) && t.refId === 'page-1h-5m',
    );
    assert.deepEqual(
      target !== null && typeof target === 'object' && !Array.isArray(target)
        ? target.legendFormat
        : undefined,
      'page: {{long_window}} & {{short_window}}',
    );
  });

  it('takes SLO lines from each environment objective', () => {
    const p95 = targetOf(d, 'P95 Latency vs SLO', 'SLO');
    assert.match(p95, /vector\(3\), "environment", "production"/);
    assert.match(p95, /vector\(5\), "environment", "development"/);
    assert.match(targetOf(d, 'TTFT P95 vs SLO', 'SLO'), /vector\(0\.5\), "environment", "production"/);
    assert.match(targetOf(d, 'Throughput per Pod', 'SLO'), /vector\(10\), "environment", "production"/);
    assert.match(targetOf(d, 'P95 Latency vs SLO', 'A'), /model=~"\$model"\}\[5m\]/);
  });

  it("measures each environment's quantile over its own objective window when they differ", () => {
    const expr = targetOf(sloDashboard(perEnvironmentWindows()), 'P95 Latency vs SLO', 'A');
    assert.match(expr, /\{environment="development",model=~"\$model"\}\[10m\]/);
    assert.match(expr, /\{environment="production",model=~"\$model"\}\[5m\]/);
    assert.match(
      expr,
      /\) and on \(environment\) label_replace\(vector\(1\), "environment", "\$environment", "", ""\)$/,
    );
  });
});

describe('both dashboards', () => {
  const files = dashboards(defaultSpec());

  it('are written to stable files with stable uids', () => {
    assert.deepEqual(
      files.map((f) => [f.file, f.uid, f.json.uid]),
      [
        ['vllm-deployment-status.json', 'vllm-deployment-status', 'vllm-deployment-status'],
        ['vllm-slo-tracking.json', 'vllm-slo-tracking', 'vllm-slo-tracking'],
      ],
    );
  });

  it('query through the datasource variable in every panel and target, with unique panel ids', () => {
    for (const f of files) {
      const ref = { type: 'prometheus', uid: `\${datasource}` };
      for (const p of panels(f.json)) assert.deepEqual(p.datasource, ref, `${f.file}: ${String(p.title)}`);
      for (const t of targets(f.json))
        assert.deepEqual(t.datasource, ref, `${f.file}: ${t.panel} ${t.refId}`);
      const ids = (f.json.panels as Array<{ id: number }>).map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(panels(f.json).every((p) => Array.isArray(p.targets) && p.targets.length > 0));
    }
  });

  it('use remapped metric names from the spec', () => {
    const text = JSON.stringify(dashboards(remapped()).map((f) => f.json));
    assert.match(text, /my_requests_total/);
    assert.doesNotMatch(text, /vllm_requests_total/);
  });

  it('match the golden files for the default spec', () => {
    for (const f of files) assertGolden(`dashboards/${f.file}`, `${JSON.stringify(f.json, null, 2)}\n`);
  });
});
