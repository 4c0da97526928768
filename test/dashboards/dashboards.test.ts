/**
 * Generated Grafana dashboards: every PromQL expression accepted by the real
 * promtool, the guide's panels and the variables present, every panel on the
 * datasource variable, correct budget units, spec remapping honoured, and
 * golden files for the default spec.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { dashboards, deploymentDashboard, sloDashboard } from '../../src/dashboards/index.ts';
import { ruleFiles } from '../../src/rules/index.ts';
import type { SloSpec } from '../../src/spec/index.ts';
import { assertGolden } from '../helpers/golden.ts';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';
import {
  panelByTitle,
  panels,
  substitute,
  targetOf,
  targets,
  titles,
  variable,
  variableQueries,
  variables,
} from './dashboard-json.ts';

/** Production's pods renamed so no single `$environment` template fits: queries fall back to a lookup. */
const unrelatedPodRegexes = (): SloSpec =>
  editedDefaultSpec([['podRegex: ".*-production-.*"', 'podRegex: "vllm-prod-[0-9]+"']]);
/** Development measures P95 latency over 10m: the P95 panel needs one term per environment. */
const perEnvironmentWindows = (): SloSpec =>
  editedDefaultSpec([['threshold: 5s\n        window: 5m', 'threshold: 5s\n        window: 10m']]);
const remapped = (): SloSpec =>
  editedDefaultSpec([['requests: vllm_requests_total', 'requests: my_requests_total']]);

const SPECS: Record<string, () => SloSpec> = {
  default: defaultSpec,
  'unrelated pod regexes': unrelatedPodRegexes,
  'remapped requests metric': remapped,
  'per-environment windows': perEnvironmentWindows,
  timeslices: () => editedDefaultSpec([[/budgetingMethod: occurrences/g, 'budgetingMethod: timeslices']]),
  '28d period': () =>
    editedDefaultSpec([
      ['period: 30d', 'period: 28d'],
      ['window: 30d', 'window: 28d'],
    ]),
};

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

function allExprs(spec: SloSpec): string[] {
  return dashboards(spec).flatMap((d) => [...targets(d.json).map((t) => t.expr), ...variableQueries(d.json)]);
}

describe('dashboard PromQL', () => {
  for (const [name, make] of Object.entries(SPECS)) {
    it(`passes promtool check rules for the ${name} spec`, async () => {
      const exprs = allExprs(make());
      assert.ok(exprs.length > 30, `only ${exprs.length} expressions found`);
      await withTempDir((dir) => {
        const rules = exprs.map((e, i) => ({ record: `dashboard:check:${i}`, expr: substitute(e) }));
        const file = join(dir, 'dashboards.rules.yaml');
        writeFileSync(file, stringify({ groups: [{ name: 'dashboard-check', rules }] }, { lineWidth: 0 }));
        const r = runTool('promtool', ['check', 'rules', file]);
        assert.equal(r.status, 0, `promtool check rules failed:\n${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
      });
    });
  }

  it('rejects a broken expression (the check can fail)', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'bad.rules.yaml');
      const rules = [{ record: 'dashboard:check:0', expr: substitute('sum(rate(x[$__rate_interval])') }];
      writeFileSync(file, stringify({ groups: [{ name: 'bad', rules }] }));
      assert.notEqual(runTool('promtool', ['check', 'rules', file]).status, 0);
    });
  });

  it('substitutes every Grafana variable and refuses unknown ones', () => {
    assert.equal(
      substitute(`a{e="$environment",m=~"\${model}"}[$__rate_interval]`),
      'a{e="production",m=~".*"}[1m]',
    );
    assert.throws(() => substitute('x{a="$nope"}'), /unknown Grafana variable/);
  });

  it('reads only recording-rule series that the generated rules record', () => {
    for (const make of Object.values(SPECS)) {
      const spec = make();
      const recorded = new Set(
        ruleFiles(spec).flatMap((f) =>
          f.groups.flatMap((g) =>
            g.rules.flatMap((r) =>
              'record' in r ? [`${r.record}|${r.labels?.environment}|${r.labels?.slo}`] : [],
            ),
          ),
        ),
      );
      const used = allExprs(spec).flatMap((e) => [
        ...e.matchAll(
          /(environment(?:_model|_pod)?:[a-z_]+:[a-z0-9_]+)\{environment="([^"]+)",slo="([^"]+)"\}/g,
        ),
      ]);
      assert.ok(used.length > 50);
      for (const [, name, env, slo] of used)
        assert.ok(
          recorded.has(`${name}|${env}|${slo}`),
          `${name}{environment="${env}",slo="${slo}"} is not recorded`,
        );
    }
  });
});

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
