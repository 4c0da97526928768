/**
 * Builds `promtool test rules` files: input series written as per-minute
 * traffic segments, and checks on the ALERTS series the rules produce.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { renderRuleFile, ruleFiles } from '../../src/rules/index.ts';
import type { SloSpec } from '../../src/spec/index.ts';
import { runTool } from '../helpers/tools.ts';

/** `minutes` one-minute steps, each adding `perMinute` to a counter. */
export interface Segment {
  minutes: number;
  perMinute: number;
}

/** promtool's expanding notation for a counter that starts at 0 and grows by segments. */
export function counterValues(segments: readonly Segment[]): string {
  let value = 0;
  const parts = ['0'];
  for (const s of segments) {
    if (s.minutes <= 0) continue;
    parts.push(`${value + s.perMinute}+${s.perMinute}x${s.minutes - 1}`);
    value += s.perMinute * s.minutes;
  }
  return parts.join(' ');
}

/** A gauge holding `value` for `minutes` steps per segment. */
export function gaugeValues(segments: ReadonlyArray<{ minutes: number; value: number }>): string {
  return segments.map((s) => `${s.value}x${s.minutes - 1}`).join(' ');
}

export interface InputSeries {
  series: string;
  values: string;
}

/** Request and server-error counters of one series (segments in samples of the test's interval). */
export function requestsAndErrors(labels: string, requests: Segment[], errors: Segment[]): InputSeries[] {
  return [
    { series: `vllm_requests_total{${labels}}`, values: counterValues(requests) },
    {
      series: `vllm_errors_total{${labels},error_class="server",error_type="internal"}`,
      values: counterValues(errors),
    },
  ];
}

/** The labels of the one production pod the rule tests feed. */
export const POD_LABELS = 'environment="production",model="llama-3-8b",pod="vllm-production-0"';

/** Request and server-error counters of that pod. */
export function podTraffic(requests: Segment[], errors: Segment[]): InputSeries[] {
  return requestsAndErrors(POD_LABELS, requests, errors);
}

export interface ExprCheck {
  eval_time: string;
  expr: string;
  exp_samples: Array<{ labels: string; value: number }>;
}

/** Firing alerts of an environment, counted by the given labels. */
export function firing(alertname: string, environment: string, by: string[], extra = ''): string {
  const sel = `ALERTS{alertname="${alertname}",alertstate="firing",environment="${environment}"${extra}}`;
  return `count by (${by.join(', ')}) (${sel})`;
}

/** A check that no alert matching `matchers` is firing at eval_time (instant query). */
export function notFiring(evalTime: string, matchers: Record<string, string>): ExprCheck {
  const all = { alertstate: 'firing', ...matchers };
  const sel = Object.entries(all)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return {
    eval_time: evalTime,
    expr: `absent(ALERTS{${sel}})`,
    exp_samples: [{ labels: `{${sel.replace(/,/g, ', ')}}`, value: 1 }],
  };
}

/** A check that no alert matching `matchers` fired at any evaluation within `range` before eval_time. */
export function neverFired(evalTime: string, range: string, matchers: Record<string, string>): ExprCheck {
  const sel = Object.entries({ alertstate: 'firing', ...matchers })
    .map(([k, v]) => (v.includes('|') ? `${k}=~"${v}"` : `${k}="${v}"`))
    .join(',');
  const equality = Object.entries({ alertstate: 'firing', ...matchers })
    .filter(([, v]) => !v.includes('|'))
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return {
    eval_time: evalTime,
    expr: `absent_over_time(ALERTS{${sel}}[${range}])`,
    exp_samples: [{ labels: `{${equality}}`, value: 1 }],
  };
}

export interface Scenario {
  name: string;
  /** Between input samples; also between rule evaluations unless evaluationInterval says otherwise. */
  interval?: string;
  evaluationInterval?: string;
  series: InputSeries[];
  checks: ExprCheck[];
}

/**
 * Writes the spec's rules and one test file per scenario into `dir`, runs
 * promtool on each, and returns its output (status 0 when every check held).
 */
export function runPromtoolTests(spec: SloSpec, dir: string, scenarios: readonly Scenario[]) {
  const ruleNames: string[] = [];
  for (const f of ruleFiles(spec)) {
    if (f.file.includes('adapter')) continue;
    writeFileSync(join(dir, f.file), renderRuleFile(f));
    ruleNames.push(f.file);
  }
  return scenarios.map((s) => {
    const file = join(dir, `${s.name}.test.yaml`);
    const test = {
      rule_files: ruleNames,
      evaluation_interval: s.evaluationInterval ?? s.interval ?? '1m',
      tests: [{ interval: s.interval ?? '1m', input_series: s.series, promql_expr_test: s.checks }],
    };
    writeFileSync(file, stringify(test, { lineWidth: 0 }));
    return { name: s.name, ...runTool('promtool', ['test', 'rules', file], { cwd: dir }) };
  });
}
