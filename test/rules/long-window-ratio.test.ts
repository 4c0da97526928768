/**
 * The long windows' ratios from recorded 5-minute increases equal the
 * raw-rate ratios they replace (issue 10, section 4), checked by the real
 * `promtool test rules` on the default spec's production period group: two
 * days of busy days and quiet nights, with a quiet-hour outage and a busy-hour
 * latency burst. A plain average of 5-minute ratios (Sloth's period rule)
 * would weigh a quiet 5 minutes like a busy one; the checks show it misses.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { badRatio, slowRatio } from '../../src/promql/index.ts';
import { renderRuleFile, ruleFiles } from '../../src/rules/index.ts';
import { isRatioObjective } from '../../src/spec/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';
import { counterValues, type ExprCheck, POD_LABELS, type Segment } from './promtool-harness.ts';

const MINUTES = 2 * 24 * 60;
/**
 * Largest relative difference allowed: the increases blur a window's first
 * and last 4 minutes (0.11 % at most on this data).
 */
const TOLERANCE = 0.005;

/** Per-minute counts, folded into the harness's constant segments. */
function segments(perMinute: (minute: number) => number): Segment[] {
  const out: Segment[] = [];
  for (let m = 0; m < MINUTES; m++) {
    const v = perMinute(m);
    const last = out[out.length - 1];
    if (last && last.perMinute === v) last.minutes++;
    else out.push({ minutes: 1, perMinute: v });
  }
  return out;
}

const busy = (m: number) => Math.floor(m / 720) % 2 === 0;
/** 1,000 requests a minute for 12 hours, 10 a minute the next 12. */
const requests = (m: number) => (busy(m) ? 1000 : 10);
const outage = (m: number) => m >= 2180 && m < 2190;
/** 0.1 % errors when busy, 20 % when quiet, and a 10-minute total outage in the second night. */
const errors = (m: number) => (outage(m) ? 10 : busy(m) ? 1 : 2);
/** Successful requests slower than 3 s: 2 % when busy (40 % in a 30-minute burst), half when quiet. */
const slow = (m: number) => (outage(m) ? 0 : m >= 1500 && m < 1530 ? 400 : busy(m) ? 20 : 4);

const spec = defaultSpec();
const production = spec.environments.find((e) => e.name === 'production');
const objective = (name: string) => {
  const o = production?.objectives.filter(isRatioObjective).find((x) => x.name === name);
  assert.ok(o, `production has ${name}`);
  return o;
};
const ctx = {
  metrics: spec.metrics,
  environment: 'production',
  by: ['environment'],
  failureTypes: production?.failureTypes ?? [],
};

/** 1 when the recorded ratio is within TOLERANCE of `raw` (relative), else 0. */
function agrees(evalTime: string, slo: string, window: string, raw: string, expected: 0 | 1): ExprCheck {
  const recorded = `environment:vllm_slo_errors:ratio_rate${window}{environment="production",slo="${slo}"}`;
  return {
    eval_time: evalTime,
    expr: `abs(${recorded} - on (environment) (${raw})) / on (environment) (${raw}) < bool ${TOLERANCE}`,
    exp_samples: [{ labels: '{environment="production"}', value: expected }],
  };
}

/** The 5-minute slow ratio, recorded by the test itself for the unweighted average. */
const UNWEIGHTED = 'test:vllm_slow:ratio_rate5m';

function checks(): ExprCheck[] {
  const out: ExprCheck[] = [];
  const availability = objective('availability');
  const latency = objective('latency-p95');
  // Mid-day, after a day/night change, right after the outage and the burst, and at the end.
  for (const t of ['700m', '1445m', '1535m', '2195m', `${MINUTES}m`]) {
    out.push(agrees(t, 'availability', '30d', badRatio(availability, ctx, '30d'), 1));
    out.push(agrees(t, 'latency-p95', '30d', badRatio(latency, ctx, '30d'), 1));
    out.push(agrees(t, 'availability', '1d', badRatio(availability, ctx, '1d'), 1));
    out.push(agrees(t, 'latency-p95', '3d', badRatio(latency, ctx, '3d'), 1));
  }
  // The average of 5-minute ratios over the same data is far from the request-weighted ratio.
  out.push(agrees(`${MINUTES}m`, 'latency-p95', '30d', `avg_over_time(${UNWEIGHTED}[2d])`, 0));
  return out;
}

describe('long-window ratios from recorded increases under promtool test rules', () => {
  it('read the recorded increases, not the raw counters, every minute', () => {
    const group = ruleFiles(spec)[0]?.groups.find((g) => g.name === 'vllm-slo-production-sli-long');
    assert.equal(group?.interval, '1m');
    const long = (group?.rules ?? []).filter((r) => 'record' in r && r.record.includes(':ratio_rate'));
    assert.ok(long.length > 0);
    for (const r of long) {
      assert.match(r.expr, /^sum_over_time\(environment:vllm_slo_bad:increase5m\{/, r.expr);
      assert.doesNotMatch(r.expr, /vllm_(requests|errors)_total|_bucket|_count/, r.expr);
    }
  });

  it('equal the raw-rate ratios within 0.5 % on steady and bursty traffic', async () => {
    await withTempDir((dir) => {
      // Only production's period group: the increases and the long ratios, at its own 1m interval.
      const file = ruleFiles(spec)[0];
      assert.ok(file);
      const groups = file.groups.filter((g) => g.name === 'vllm-slo-production-sli-long');
      assert.equal(groups.length, 1);
      const ratio5m = slowRatio(ctx, spec.metrics.requestDuration, 3, '5m');
      groups.push({ name: 'test', interval: '1m', rules: [{ record: UNWEIGHTED, expr: ratio5m }] });
      writeFileSync(join(dir, 'long.rules.yaml'), renderRuleFile({ ...file, groups }));
      const within = (m: number) => requests(m) - errors(m) - slow(m);
      const input = [
        { series: `vllm_requests_total{${POD_LABELS}}`, values: counterValues(segments(requests)) },
        {
          series: `vllm_errors_total{${POD_LABELS},error_class="server",error_type="internal"}`,
          values: counterValues(segments(errors)),
        },
        // Latency counts successful requests only.
        {
          series: `vllm_request_duration_seconds_count{${POD_LABELS}}`,
          values: counterValues(segments((m) => requests(m) - errors(m))),
        },
        {
          series: `vllm_request_duration_seconds_bucket{${POD_LABELS},le="3"}`,
          values: counterValues(segments(within)),
        },
      ];
      const test = {
        rule_files: ['long.rules.yaml'],
        evaluation_interval: '1m',
        tests: [{ interval: '1m', input_series: input, promql_expr_test: checks() }],
      };
      writeFileSync(join(dir, 'long.test.yaml'), stringify(test, { lineWidth: 0 }));
      const r = runTool('promtool', ['test', 'rules', 'long.test.yaml'], { cwd: dir });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    });
  });
});
