/**
 * The adapter rules turn vLLM's native metrics into the contract names, and
 * the SLI rules then work on them: checked by the real `promtool test rules`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { renderRuleFile, ruleFiles } from '../../src/rules/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';
import { counterValues } from './promtool-harness.ts';

const TARGET = 'job="vllm",instance="10.0.0.7:8000",pod="llama-production-0"';
const per = (n: number) => counterValues([{ minutes: 30, perMinute: n }]);

/** 100 chat requests a minute, 2 of them 5xx; 80 % finish within 2.5 s, all within 5 s (vLLM writes "5.0"). */
const SERIES = [
  {
    series: `http_requests_total{${TARGET},handler="/v1/chat/completions",method="POST",status="2xx"}`,
    values: per(98),
  },
  {
    series: `http_requests_total{${TARGET},handler="/v1/chat/completions",method="POST",status="5xx"}`,
    values: per(2),
  },
  { series: `http_requests_total{${TARGET},handler="/metrics",method="GET",status="2xx"}`, values: per(4) },
  { series: `vllm:num_requests_running{${TARGET},model_name="llama-3-8b",engine="0"}`, values: '3x30' },
  ...[
    ['2.5', 80],
    ['5.0', 100],
    ['+Inf', 100],
  ].map(([le, n]) => ({
    series: `vllm:e2e_request_latency_seconds_bucket{${TARGET},model_name="llama-3-8b",engine="0",le="${le}"}`,
    values: per(Number(n)),
  })),
  {
    series: `vllm:e2e_request_latency_seconds_count{${TARGET},model_name="llama-3-8b",engine="0"}`,
    values: per(100),
  },
];

const OUT = `environment="production", instance="10.0.0.7:8000", job="vllm", model="llama-3-8b", pod="llama-production-0"`;

const CHECKS = [
  // Only inference routes count, with the model taken from the same target's vLLM gauge.
  {
    eval_time: '20m',
    expr: 'vllm_requests_total',
    exp_samples: [{ labels: `vllm_requests_total{${OUT}}`, value: 2000 }],
  },
  {
    eval_time: '20m',
    expr: 'vllm_errors_total',
    exp_samples: [
      { labels: `vllm_errors_total{error_class="server", error_type="internal", ${OUT}}`, value: 40 },
    ],
  },
  // 3 s lies between vLLM's 2.5 and 5 buckets: 0.8 * 1600 + 0.2 * 2000.
  {
    eval_time: '20m',
    expr: 'vllm_request_duration_seconds_bucket{le="3"}',
    exp_samples: [{ labels: `vllm_request_duration_seconds_bucket{le="3", ${OUT}}`, value: 1680 }],
  },
  // "5.0" is normalised to "5", as the gateway writes it.
  {
    eval_time: '20m',
    expr: 'vllm_request_duration_seconds_bucket{le="5"}',
    exp_samples: [{ labels: `vllm_request_duration_seconds_bucket{le="5", ${OUT}}`, value: 2000 }],
  },
  {
    eval_time: '20m',
    // In basis points, rounded: 2 % of requests fail, 16 % take over 3 s.
    expr: 'round(10000 * environment:vllm_slo_errors:ratio_rate5m{slo=~"availability|latency-p95"})',
    exp_samples: [
      { labels: '{environment="production", slo="availability"}', value: 200 },
      { labels: '{environment="production", slo="latency-p95"}', value: 1600 },
    ],
  },
];

describe('vLLM adapter rules', () => {
  it('map native metrics onto the contract names, which the SLI rules then read', async () => {
    await withTempDir((dir) => {
      const names: string[] = [];
      for (const f of ruleFiles(defaultSpec())) {
        if (!/recording|adapter/.test(f.file)) continue;
        writeFileSync(join(dir, f.file), renderRuleFile(f));
        names.push(f.file);
      }
      const test = {
        rule_files: names,
        evaluation_interval: '1m',
        tests: [{ interval: '1m', input_series: SERIES, promql_expr_test: CHECKS }],
      };
      writeFileSync(join(dir, 'adapter.test.yaml'), stringify(test, { lineWidth: 0 }));
      const r = runTool('promtool', ['test', 'rules', 'adapter.test.yaml'], { cwd: dir });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    });
  });
});
