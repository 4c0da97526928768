/**
 * The adapter rules turn vLLM's native metrics into the contract names, and
 * the SLI rules then work on them: checked by the real `promtool test rules`.
 * Three setups: vLLM 0.8.3 or later (http_requests_total), an older vLLM
 * (no http_requests_total: finished requests instead), and the adapter
 * loaded beside a gateway that reports the same environment.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { renderRuleFile, ruleFiles } from '../../src/rules/index.ts';
import { editedDefaultSpec, sourceEdit } from '../helpers/spec.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';
import { counterValues, type ExprCheck, type InputSeries } from './promtool-harness.ts';

const TARGET = 'job="vllm",instance="10.0.0.7:8000",pod="llama-production-0"';
const ENGINE = 'model_name="llama-3-8b",engine="0"';
const per = (n: number) => counterValues([{ minutes: 30, perMinute: n }]);
const OUT = `environment="production", instance="10.0.0.7:8000", job="vllm", model="llama-3-8b", pod="llama-production-0", source="vllm"`;

/** 80 % of 100 requests a minute finish within 2.5 s, all within 5 s (vLLM writes "5.0"). */
const E2E: InputSeries[] = [
  ...[
    ['2.5', 80],
    ['5.0', 100],
    ['+Inf', 100],
  ].map(([le, n]) => ({
    series: `vllm:e2e_request_latency_seconds_bucket{${TARGET},${ENGINE},le="${le}"}`,
    values: per(Number(n)),
  })),
  { series: `vllm:e2e_request_latency_seconds_count{${TARGET},${ENGINE}}`, values: per(100) },
  { series: `vllm:num_requests_running{${TARGET},${ENGINE}}`, values: '3x30' },
];

/** vLLM 0.8.3 or later: 100 chat requests a minute, 2 of them 5xx; the /metrics route does not count. */
const WITH_HTTP: InputSeries[] = [
  {
    series: `http_requests_total{${TARGET},handler="/v1/chat/completions",method="POST",status="2xx"}`,
    values: per(98),
  },
  {
    series: `http_requests_total{${TARGET},handler="/v1/chat/completions",method="POST",status="5xx"}`,
    values: per(2),
  },
  { series: `http_requests_total{${TARGET},handler="/metrics",method="GET",status="2xx"}`, values: per(4) },
  ...E2E,
];

/** An older vLLM: no http_requests_total; 90 stop, 5 length, 2 error and 3 aborted requests a minute. */
const WITHOUT_HTTP: InputSeries[] = [
  ...[
    ['stop', 90],
    ['length', 5],
    ['error', 2],
    ['abort', 3],
  ].map(([reason, n]) => ({
    series: `vllm:request_success_total{${TARGET},${ENGINE},finished_reason="${reason}"}`,
    values: per(Number(n)),
  })),
  ...E2E,
];

/** The gateway in front of the same pod, reporting the same 100 requests a minute. */
const GATEWAY: InputSeries[] = [
  {
    series: 'vllm_requests_total{environment="production",model="llama-3-8b",pod="llama-production-0"}',
    values: per(100),
  },
];

const at20 = (expr: string, exp_samples: ExprCheck['exp_samples']): ExprCheck => ({
  eval_time: '20m',
  expr,
  exp_samples,
});

/** Runs promtool on the recording and adapter files with these series and checks. */
function promtool(series: InputSeries[], checks: ExprCheck[]): Promise<void> {
  return withTempDir((dir) => {
    const names: string[] = [];
    const production = editedDefaultSpec([sourceEdit('production', 'vllm')]);
    for (const f of ruleFiles(production)) {
      if (!/recording|adapter/.test(f.file)) continue;
      writeFileSync(join(dir, f.file), renderRuleFile(f));
      names.push(f.file);
    }
    const test = {
      rule_files: names,
      evaluation_interval: '1m',
      tests: [{ interval: '1m', input_series: series, promql_expr_test: checks }],
    };
    writeFileSync(join(dir, 'adapter.test.yaml'), stringify(test, { lineWidth: 0 }));
    const r = runTool('promtool', ['test', 'rules', 'adapter.test.yaml'], { cwd: dir });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  });
}

/** Requests per minute of the environment, as every SLI sums them. */
const PER_MINUTE =
  'round(60 * sum by (environment) (rate(vllm_requests_total{environment="production"}[5m])))';

describe('vLLM adapter rules', () => {
  it('map native metrics onto the contract names, which the SLI rules then read', async () => {
    await promtool(WITH_HTTP, [
      // Only inference routes count, with the model taken from the same target's vLLM gauge.
      at20('vllm_requests_total', [{ labels: `vllm_requests_total{${OUT}}`, value: 2000 }]),
      at20('vllm_errors_total', [
        { labels: `vllm_errors_total{error_class="server", error_type="internal", ${OUT}}`, value: 40 },
      ]),
      // 3 s lies between vLLM's 2.5 and 5 buckets: counted at 2.5 s (1600 of 2000 within), never interpolated.
      at20('vllm_request_duration_seconds_bucket{le="3"}', [
        { labels: `vllm_request_duration_seconds_bucket{le="3", ${OUT}}`, value: 1600 },
      ]),
      // "5.0" is normalised to "5", as the gateway writes it.
      at20('vllm_request_duration_seconds_bucket{le="5"}', [
        { labels: `vllm_request_duration_seconds_bucket{le="5", ${OUT}}`, value: 2000 },
      ]),
      // In basis points: 2 % of requests fail; 20 % take over 2.5 s, all of them counted as over 3 s.
      at20('round(10000 * environment:vllm_slo_errors:ratio_rate5m{slo=~"availability|latency-p95"})', [
        { labels: '{environment="production", slo="availability"}', value: 200 },
        { labels: '{environment="production", slo="latency-p95"}', value: 2000 },
      ]),
    ]);
  });

  it('count finished requests and finish reason "error" where http_requests_total is absent (vLLM < 0.8.3)', async () => {
    await promtool(WITHOUT_HTTP, [
      // stop + length + error; aborts are the client's.
      at20('vllm_requests_total', [{ labels: `vllm_requests_total{${OUT}}`, value: 1940 }]),
      at20('vllm_errors_total', [
        { labels: `vllm_errors_total{error_class="server", error_type="internal", ${OUT}}`, value: 40 },
      ]),
      at20(PER_MINUTE, [{ labels: '{environment="production"}', value: 97 }]),
    ]);
  });

  it('record nothing beside a gateway reporting the environment, so requests are not counted twice', async () => {
    await promtool(
      [...WITH_HTTP, ...GATEWAY],
      [
        at20(PER_MINUTE, [{ labels: '{environment="production"}', value: 100 }]),
        at20('absent(vllm_requests_total{source="vllm"})', [{ labels: '{source="vllm"}', value: 1 }]),
        at20('round(environment:vllm_requests:increase5m{environment="production"} / 5)', [
          { labels: '{environment="production"}', value: 100 },
        ]),
      ],
    );
  });
});
