/**
 * Adapter rules: record vLLM's native metrics under the gateway's contract
 * names, for users who scrape vLLM directly and do not run the gateway. Load
 * this file OR run the gateway, not both (the series would collide).
 *
 * vLLM's latency buckets (vllm/v1/metrics/loggers.py) have no bound at 3 s or
 * 6 s: a threshold between two bounds is estimated by linear interpolation,
 * an approximation that can be off by the share of requests in that bucket.
 * That is why the gateway, whose buckets include every threshold, exists.
 */

import { formatNumber } from '../promql/index.ts';
import {
  adaptedErrors,
  adaptedPodUp,
  adaptedRequests,
  adaptedSeries,
  interpolatedBucket,
} from '../promql/vllm-adapter.ts';
import { VLLM_REQUEST_LATENCY_BUCKETS, VLLM_TTFT_BUCKETS } from '../promql/vllm-buckets.ts';
import { type Environment, environmentThresholds, type SloSpec } from '../spec/index.ts';
import type { RecordingRule, RuleGroup } from './types.ts';

function histogramRules(
  spec: SloSpec,
  env: Environment,
  contract: string,
  native: string,
  buckets: readonly number[],
  limits: number[],
): RecordingRule[] {
  const env_ = { [spec.metrics.labels.environment]: env.name };
  const rules: RecordingRule[] = [
    {
      record: `${contract}_bucket`,
      expr: adaptedSeries(spec.metrics, env.podRegex, `${native}_bucket`, true),
      labels: env_,
    },
    {
      record: `${contract}_count`,
      expr: adaptedSeries(spec.metrics, env.podRegex, `${native}_count`),
      labels: env_,
    },
    {
      record: `${contract}_sum`,
      expr: adaptedSeries(spec.metrics, env.podRegex, `${native}_sum`),
      labels: env_,
    },
  ];
  for (const t of limits) {
    const expr = interpolatedBucket(spec.metrics, env.podRegex, native, buckets, t);
    // Approximation: vLLM has no bucket bound at this threshold (see the file header).
    if (expr) rules.push({ record: `${contract}_bucket`, expr, labels: { ...env_, le: formatNumber(t) } });
  }
  return rules;
}

/** The adapter group of one environment. */
export function adapterGroup(spec: SloSpec, env: Environment): RuleGroup {
  const m = spec.metrics;
  const env_ = { [m.labels.environment]: env.name };
  const errorLabels = (errorClass: string, errorType: string) => ({
    ...env_,
    [m.labels.errorClass]: errorClass,
    [m.labels.errorType]: errorType,
  });
  return {
    name: `vllm-slo-${env.name}-vllm-adapter`,
    rules: [
      { record: m.requests, expr: adaptedRequests(m, env.podRegex), labels: env_ },
      // vLLM's instrumentator groups statuses ("4xx", "5xx"): the error type is the closest contract value.
      {
        record: m.errors,
        expr: adaptedErrors(m, env.podRegex, '4xx'),
        labels: errorLabels('client', 'invalid_request'),
      },
      {
        record: m.errors,
        expr: adaptedErrors(m, env.podRegex, '5xx'),
        labels: errorLabels('server', 'internal'),
      },
      ...histogramRules(
        spec,
        env,
        m.requestDuration,
        m.vllm.e2eLatency,
        VLLM_REQUEST_LATENCY_BUCKETS,
        environmentThresholds(env).duration,
      ),
      ...histogramRules(
        spec,
        env,
        m.timeToFirstToken,
        m.vllm.timeToFirstToken,
        VLLM_TTFT_BUCKETS,
        environmentThresholds(env).ttft,
      ),
      { record: m.promptTokens, expr: adaptedSeries(m, env.podRegex, m.vllm.promptTokens), labels: env_ },
      {
        record: m.generationTokens,
        expr: adaptedSeries(m, env.podRegex, m.vllm.generationTokens),
        labels: env_,
      },
      { record: m.podUp, expr: adaptedPodUp(m, env.podRegex), labels: env_ },
    ],
  };
}
