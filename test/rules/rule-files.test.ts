/**
 * Generated rules files: valid for the real promtool across spec variants,
 * burn factors scaled to the period, alert labels and annotations as the
 * contract says, and golden files for the default spec.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  type AlertingRule,
  isAlertingRule,
  renderPrometheusRule,
  renderRuleFile,
  ruleFiles,
} from '../../src/rules/index.ts';
import type { SloSpec } from '../../src/spec/index.ts';
import { assertGolden } from '../helpers/golden.ts';
import { defaultSpec, editedDefaultSpec, sourceEdit } from '../helpers/spec.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';

const VARIANTS: Record<string, () => SloSpec> = {
  default: defaultSpec,
  '28d-period': () =>
    editedDefaultSpec([
      ['period: 30d', 'period: 28d'],
      ['window: 30d', 'window: 28d'],
    ]),
  '7d-period': () =>
    editedDefaultSpec([
      ['period: 30d', 'period: 7d'],
      ['window: 30d', 'window: 7d'],
    ]),
  // Shorter than the configured 3d ticket window: validate used to refuse it, though the rules scale it to 2h24m.
  '1d-period': () =>
    editedDefaultSpec([
      ['period: 30d', 'period: 1d'],
      ['window: 30d', 'window: 1d'],
    ]),
  'remapped-metrics': () =>
    editedDefaultSpec([
      ['requests: vllm_requests_total', 'requests: llm_http_requests_total'],
      ['errors: vllm_errors_total', 'errors: llm_http_errors_total'],
      ['requestDuration: vllm_request_duration_seconds', 'requestDuration: llm_latency_seconds'],
      ['    environment: environment', '    environment: env'],
      ['    pod: pod\n    errorClass', '    pod: kubernetes_pod_name\n    errorClass'],
      ['utilization: DCGM_FI_DEV_GPU_UTIL', 'utilization: nvidia_gpu_utilization'],
    ]),
  timeslices: () => editedDefaultSpec([[/budgetingMethod: occurrences/g, 'budgetingMethod: timeslices']]),
  // Every environment read from vLLM's own metrics: the adapter file is written too.
  'vllm-source': () => editedDefaultSpec([[/source: gateway/g, 'source: vllm']]),
  'other-spellings': () =>
    editedDefaultSpec([
      ['period: 30d', 'period: 720h'],
      ['long: 1d, short: 2h', 'long: 24h, short: 120m'],
    ]),
};

function alerts(spec: SloSpec): AlertingRule[] {
  return ruleFiles(spec).flatMap((f) => f.groups.flatMap((g) => g.rules.filter(isAlertingRule)));
}

describe('promtool check rules', () => {
  for (const [name, make] of Object.entries(VARIANTS)) {
    it(`accepts every rules file of the ${name} spec, plain and as PrometheusRule`, async () => {
      await withTempDir((dir) => {
        const spec = make();
        const files: string[] = [];
        for (const f of ruleFiles(spec)) {
          const plain = join(dir, f.file);
          writeFileSync(plain, renderRuleFile(f));
          // The PrometheusRule's spec.groups, checked as a rules file of its own.
          const k8s = parse(renderPrometheusRule(f)) as { kind: string; spec: { groups: unknown } };
          assert.equal(k8s.kind, 'PrometheusRule');
          const unwrapped = join(dir, `k8s-${f.file}`);
          writeFileSync(unwrapped, JSON.stringify({ groups: k8s.spec.groups }));
          files.push(plain, unwrapped);
        }
        const r = runTool('promtool', ['check', 'rules', ...files]);
        assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /SUCCESS/);
      });
    });
  }

  it('rejects a broken rule (the check can fail)', async () => {
    await withTempDir((dir) => {
      const f = ruleFiles(defaultSpec())[1];
      assert.ok(f);
      writeFileSync(
        join(dir, 'broken.yaml'),
        renderRuleFile(f).replace('and on (environment)', 'and on (environment'),
      );
      assert.notEqual(runTool('promtool', ['check', 'rules', join(dir, 'broken.yaml')]).status, 0);
    });
  });
});

describe('recorded series', () => {
  for (const [name, make] of Object.entries(VARIANTS)) {
    it(`every level:metric:operation an alert of the ${name} spec reads is recorded`, () => {
      const files = ruleFiles(make());
      const recorded = new Set(
        files.flatMap((f) => f.groups.flatMap((g) => g.rules.map((r) => ('record' in r ? r.record : '')))),
      );
      const read = alerts(make()).flatMap((a) => a.expr.match(/\b[a-z_]+:[a-z_0-9]+:[a-z_0-9]+\b/g) ?? []);
      assert.ok(read.length > 0);
      for (const series of read) assert.ok(recorded.has(series), `${series} is read but never recorded`);
    });
  }
});

describe('burn-rate alerts', () => {
  const factors = (spec: SloSpec, env: string, slo: string) =>
    alerts(spec)
      .filter(
        (a) => a.alert === 'VllmErrorBudgetBurn' && a.labels.environment === env && a.labels.slo === slo,
      )
      .map((a) => [a.labels.long_window, a.labels.short_window, a.labels.burn_rate, a.labels.severity]);

  it('use the SRE Workbook factors for a 30-day period: 14.4, 6, 3, 1', () => {
    assert.deepEqual(factors(defaultSpec(), 'production', 'availability'), [
      ['1h', '5m', '14.4', 'critical'],
      ['6h', '30m', '6', 'critical'],
      ['1d', '2h', '3', 'high'],
      ['3d', '6h', '1', 'high'],
    ]);
  });
  it('keep the factors at 28 days and scale the windows by 28/30 (Pyrra)', () => {
    const spec = VARIANTS['28d-period']?.() ?? defaultSpec();
    assert.deepEqual(factors(spec, 'production', 'availability'), [
      ['56m', '4m40s', '14.4', 'critical'],
      ['5h36m', '28m', '6', 'critical'],
      ['22h24m', '1h52m', '3', 'high'],
      ['2d19h12m', '5h36m', '1', 'high'],
    ]);
    const first = alerts(spec).find((a) => a.alert === 'VllmErrorBudgetBurn');
    assert.match(first?.expr ?? '', /ratio_rate56m\{.*\} > \(14\.4 \* 0\.001\)/);
    assert.match(first?.expr ?? '', /ratio_rate4m40s\{.*\} > \(14\.4 \* 0\.001\)/);
  });
  it('never fire below a burn of 1: staging (7d) pairs at 14m/70s, 1h24m/7m, 5h36m/28m, 16h48m/1h24m', () => {
    const f = factors(defaultSpec(), 'staging', 'availability');
    assert.deepEqual(f, [
      ['14m', '1m10s', '14.4', 'high'],
      ['1h24m', '7m', '6', 'high'],
      ['5h36m', '28m', '3', 'medium'],
      ['16h48m', '1h24m', '1', 'medium'],
    ]);
    const text = alerts(defaultSpec())
      .filter((a) => a.alert === 'VllmErrorBudgetBurn')
      .map((a) => `${a.annotations.summary} ${a.annotations.description}`)
      .join('\n');
    assert.doesNotMatch(text, /\d\.\d{5,}/, 'numbers in alert text have at most 4 significant digits');
  });
  it('scale to a period shorter than the configured windows: 1d pairs at 2m/1m, 12m/1m, 48m/4m, 2h24m/12m', () => {
    const spec = VARIANTS['1d-period']?.() ?? defaultSpec();
    // 1h * 1/30 = 2m; 5m/30 = 10s lifts to two 30s scrapes (1m), and the long window stays at least twice it.
    assert.deepEqual(factors(spec, 'production', 'availability'), [
      ['2m', '1m', '14.4', 'critical'],
      ['12m', '1m', '6', 'critical'],
      ['48m', '4m', '3', 'high'],
      ['2h24m', '12m', '1', 'high'],
    ]);
  });
  it('keep short windows at least two scrape intervals long', () => {
    const spec = editedDefaultSpec([
      ['  scrapeInterval: 30s', '  scrapeInterval: 1m'],
      [/period: 7d/, 'period: 14d'],
    ]);
    // 5m * 14/30 = 2m20s, above 2 x 1m; a 1m scrape on a 7d period would lift 1m10s to 2m.
    assert.deepEqual(factors(spec, 'staging', 'availability')[0], ['28m', '2m20s', '14.4', 'high']);
    const seven = editedDefaultSpec([['  scrapeInterval: 30s', '  scrapeInterval: 1m']]);
    assert.deepEqual(factors(seven, 'staging', 'availability')[0], ['14m', '2m', '14.4', 'high']);
  });
  it('carry the objective severity on page pairs and one lower on tickets; low stays low', () => {
    assert.deepEqual(
      factors(defaultSpec(), 'production', 'latency-p95').map((x) => x[3]),
      ['high', 'high', 'medium', 'medium'],
    );
    assert.deepEqual(
      factors(defaultSpec(), 'development', 'availability').map((x) => x[3]),
      ['low', 'low', 'low', 'low'],
    );
  });
  it('are generated only for objectives with burnRateAlerts, guarded by the minimum request count', () => {
    const spec = defaultSpec();
    assert.deepEqual(factors(spec, 'production', 'error-rate'), []);
    for (const a of alerts(spec).filter((x) => x.alert === 'VllmErrorBudgetBurn'))
      assert.match(a.expr, /\* \d+ >= 100$/);
  });
});

describe('alert contract', () => {
  it('every alert carries environment and severity labels and summary, description, runbook_url', () => {
    for (const a of alerts(defaultSpec())) {
      assert.ok(a.labels.environment, `${a.alert} lacks environment`);
      assert.match(a.labels.severity ?? '', /^(critical|high|medium|low)$/);
      assert.deepEqual(Object.keys(a.annotations).sort(), ['description', 'runbook_url', 'summary']);
      assert.match(a.annotations.runbook_url ?? '', /^https:\/\/runbooks\.example\.com\/vllm-slo\/vllm-/);
    }
  });
  it("production has DESIGN.md's alert table with its severities and durations", () => {
    const prod = alerts(defaultSpec())
      .filter((a) => a.labels.environment === 'production' && a.alert !== 'VllmErrorBudgetBurn')
      .map((a) => `${a.alert} ${a.labels.severity} ${a.for ?? '-'}`);
    assert.deepEqual(prod.sort(), [
      'VllmAllPodsDown critical 1m',
      'VllmAvailabilityLow critical 5m',
      'VllmAvailabilityLow high 10m',
      // The 1h window is the duration; a 5m short window confirms it instead of a `for` (README).
      'VllmBurnRateHigh medium -',
      'VllmErrorBudgetLow high 15m',
      'VllmErrorRateHigh critical 5m',
      'VllmErrorRateHigh high 10m',
      'VllmErrorRateHigh medium 30m',
      'VllmGPUUtilizationHigh medium 10m',
      'VllmLatencyP95High critical 5m',
      'VllmLatencyP95High high 10m',
      'VllmLatencyP95High medium 30m',
      'VllmLatencyP99High critical 5m',
      'VllmLatencyRegression medium 10m',
      'VllmSLOMetricAbsent critical 10m',
      'VllmTTFTP95High medium 5m',
      'VllmThroughputLow medium 5m',
    ]);
  });
  it('thresholds of other environments come from their own tables', () => {
    const staging = alerts(defaultSpec()).filter(
      (a) => a.labels.environment === 'staging' && a.alert === 'VllmErrorRateHigh',
    );
    assert.equal(staging.length, 1);
    assert.equal(staging[0]?.labels.severity, 'high');
    assert.match(staging[0]?.expr ?? '', /\* 100 > 1\n/);
    // The traffic guard: alerting.minRequests (100 per hour) scaled to the 5m window.
    assert.match(
      staging[0]?.expr ?? '',
      /increase\(vllm_requests_total\{environment="staging"\}\[5m\]\)\) >= 9$/,
    );
  });
  it('remapped metric and label names replace the defaults everywhere', () => {
    const text = ruleFiles(VARIANTS['remapped-metrics']?.() ?? defaultSpec())
      .filter((f) => !f.file.includes('adapter'))
      .map(renderRuleFile)
      .join('\n');
    assert.match(text, /llm_http_requests_total\{env="production"\}/);
    assert.match(text, /nvidia_gpu_utilization/);
    assert.doesNotMatch(
      text,
      /vllm_requests_total|vllm_errors_total|DCGM_FI_DEV_GPU_UTIL|environment="production"/,
    );
  });
});

describe("the vLLM adapter file follows each environment's source", () => {
  it('is absent while every environment reads its gateway (the default)', () => {
    assert.deepEqual(
      ruleFiles(defaultSpec()).filter((f) => f.file.includes('adapter')),
      [],
    );
  });
  it('holds the groups of the environments whose source is vllm, and only their notes', () => {
    const spec = editedDefaultSpec([sourceEdit('staging', 'vllm')]);
    const adapter = ruleFiles(spec).find((f) => f.file.includes('adapter'));
    assert.deepEqual(
      adapter?.groups.map((g) => g.name),
      ['vllm-slo-staging-vllm-adapter'],
    );
    assert.ok(adapter?.notes?.slice(1).every((n) => n.startsWith('staging: ')));
  });
});

describe('golden rules files for the default spec', () => {
  for (const f of ruleFiles(defaultSpec())) {
    it(f.file, () => assertGolden(`rules/${f.file}`, renderRuleFile(f)));
  }
  const adapter = ruleFiles(VARIANTS['vllm-source']?.() ?? defaultSpec()).find((f) =>
    f.file.includes('adapter'),
  );
  it('vllm-slo-vllm-adapter.rules.yaml (every environment with source: vllm)', () => {
    assert.ok(adapter);
    assertGolden(`rules/${adapter.file}`, renderRuleFile(adapter));
  });
});
