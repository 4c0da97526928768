/**
 * Adapter rules: record vLLM's native metrics under the gateway's contract
 * names, for users who scrape vLLM directly and do not run the gateway.
 * Written for the environments whose spec says `source: vllm`. Every record
 * carries `source="vllm"` and stays empty while a gateway reports the same
 * environment (unlessGateway), so loading both never counts a request twice.
 *
 * vLLM's latency buckets (vllm/v1/metrics/loggers.py) have no bound at 3 s or
 * 6 s: a threshold between two bounds is counted at the lower bound, so the
 * requests in between count as slow (a conservative SLI, never an
 * interpolation). Each such rule says so in its comment; `metrics.vllm.buckets`
 * names other bounds where a vLLM exports them. The gateway's buckets include
 * every threshold.
 */

import {
  ADAPTER_SOURCE,
  ADAPTER_SOURCE_LABEL,
  adaptedErrors,
  adaptedPodUp,
  adaptedRequests,
  adaptedSeries,
  boundBucket,
  formatNumber,
  unlessGateway,
} from '../promql/index.ts';
import { boundError, type Environment, environmentThresholds, type SloSpec } from '../spec/index.ts';
import type { RecordingRule, RuleGroup } from './types.ts';

/** What a user loading the adapter must know about the request count (http_requests_total came in vLLM 0.8.3). */
export const ADAPTER_VERSION_NOTE =
  "the request and 4xx/5xx counts read vLLM's http_requests_total, which vLLM exports from v0.8.3. " +
  'A target without it (older vLLM) counts finished requests from vllm:request_success_total (aborts left out) ' +
  'and server errors from its finish reason "error" where vLLM reports one; requests rejected before the engine ' +
  'and client errors are then not counted.';

interface HistogramSource {
  contract: string;
  native: string;
  buckets: readonly number[];
  limits: readonly number[];
  what: string;
}

type RuleMaker = (record: string, expr: string, extra?: Record<string, string>) => RecordingRule;

/** Makes the environment's adapter records: labelled source="vllm", empty while the gateway reports it. */
function ruleMaker(spec: SloSpec, env: Environment): RuleMaker {
  const labels = { [spec.metrics.labels.environment]: env.name, [ADAPTER_SOURCE_LABEL]: ADAPTER_SOURCE };
  return (record, expr, extra = {}) => ({
    record,
    expr: unlessGateway(spec.metrics, env.name, expr),
    labels: { ...labels, ...extra },
  });
}

function histogramRules(spec: SloSpec, env: Environment, h: HistogramSource): RecordingRule[] {
  const m = spec.metrics;
  const rule = ruleMaker(spec, env);
  const rules = [
    rule(`${h.contract}_bucket`, adaptedSeries(m, env.podRegex, `${h.native}_bucket`, true)),
    rule(`${h.contract}_count`, adaptedSeries(m, env.podRegex, `${h.native}_count`)),
    rule(`${h.contract}_sum`, adaptedSeries(m, env.podRegex, `${h.native}_sum`)),
  ];
  for (const t of h.limits) {
    const expr = boundBucket(m, env.podRegex, h.native, h.buckets, t);
    const why = boundError(h.buckets, t, h.what);
    if (expr && why)
      rules.push({ ...rule(`${h.contract}_bucket`, expr, { le: formatNumber(t) }), comment: why });
  }
  return rules;
}

/** One line per threshold of `envs` counted at a lower bound, for the file's header and `generate`'s output. */
export function adapterBoundNotes(spec: SloSpec, envs: readonly Environment[]): string[] {
  const b = spec.metrics.vllm.buckets;
  return envs.flatMap((env) => {
    const t = environmentThresholds(env);
    return [
      ...t.duration.map((x) => boundError(b.e2eLatency, x, 'e2e latency')),
      ...t.ttft.map((x) => boundError(b.timeToFirstToken, x, 'TTFT')),
    ]
      .filter((x): x is string => x !== undefined)
      .map((x) => `${env.name}: ${x}.`);
  });
}

/** The adapter group of one environment. */
export function adapterGroup(spec: SloSpec, env: Environment): RuleGroup {
  const m = spec.metrics;
  const rule = ruleMaker(spec, env);
  const thresholds = environmentThresholds(env);
  return {
    name: `vllm-slo-${env.name}-vllm-adapter`,
    rules: [
      {
        ...rule(m.requests, adaptedRequests(m, env.podRegex)),
        comment:
          'http_requests_total (vLLM 0.8.3 or later), else vllm:request_success_total without aborts (see the header)',
      },
      // vLLM's instrumentator groups statuses ("4xx", "5xx"): the error type is the closest contract value.
      rule(m.errors, adaptedErrors(m, env.podRegex, '4xx'), {
        [m.labels.errorClass]: 'client',
        [m.labels.errorType]: 'invalid_request',
      }),
      rule(m.errors, adaptedErrors(m, env.podRegex, '5xx'), {
        [m.labels.errorClass]: 'server',
        [m.labels.errorType]: 'internal',
      }),
      ...histogramRules(spec, env, {
        contract: m.requestDuration,
        native: m.vllm.e2eLatency,
        buckets: m.vllm.buckets.e2eLatency,
        limits: thresholds.duration,
        what: 'e2e latency',
      }),
      ...histogramRules(spec, env, {
        contract: m.timeToFirstToken,
        native: m.vllm.timeToFirstToken,
        buckets: m.vllm.buckets.timeToFirstToken,
        limits: thresholds.ttft,
        what: 'TTFT',
      }),
      rule(m.promptTokens, adaptedSeries(m, env.podRegex, m.vllm.promptTokens)),
      rule(m.generationTokens, adaptedSeries(m, env.podRegex, m.vllm.generationTokens)),
      rule(m.podUp, adaptedPodUp(m, env.podRegex)),
    ],
  };
}
