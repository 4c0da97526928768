/**
 * PromQL that maps vLLM's native metrics onto the gateway's metric contract,
 * for users who scrape vLLM directly. Each expression keeps one series per
 * scrape target (no sum across pods), so a pod restart is a counter reset of
 * its own series and rate() handles it.
 */
import { countingBound, type MetricsConfig } from '../spec/index.ts';
import { leMatcher, type Matchers, renameLabel, selector } from './selector.ts';

/**
 * The label every adapter record carries, so its series are never mistaken
 * for (or summed with) the gateway's: `source="vllm"`.
 */
export const ADAPTER_SOURCE_LABEL = 'source';
export const ADAPTER_SOURCE = 'vllm';

/**
 * Keeps the adapter quiet while the gateway reports the environment: the
 * adapter's result `unless` any request series of the environment that the
 * adapter did not record exists. Loading the adapter beside the gateway's
 * metrics then never counts a request twice, whatever the SLI sums.
 */
export function unlessGateway(m: MetricsConfig, environment: string, expr: string): string {
  const gateway = selector(m.requests, {
    [m.labels.environment]: environment,
    [ADAPTER_SOURCE_LABEL]: { op: '!=', value: ADAPTER_SOURCE },
  });
  return `(${expr}) unless on () group(${gateway})`;
}

/** The inference routes of vLLM's OpenAI server, as its HTTP instrumentator labels them. */
export const VLLM_INFERENCE_HANDLERS = '/v1/(chat/)?completions';

function podMatchers(m: MetricsConfig, podRegex: string): Matchers {
  return { [m.kubernetes.podLabel]: { op: '=~', value: podRegex } };
}

/** Normalises Python's "5.0" bucket bounds to "5", as the gateway (prom-client) writes them. */
function normaliseLe(expr: string): string {
  return `label_replace(${expr}, "le", "$1", "le", "(.+)\\\\.0")`;
}

/** vLLM labels its metrics model_name; the contract says model. */
function withModel(m: MetricsConfig, expr: string): string {
  return renameLabel(expr, m.vllm.modelLabel, m.labels.model);
}

/**
 * http_requests_total has no model label: take it from the same target's
 * vllm:num_requests_running (one vLLM server serves one model).
 */
function joinModel(m: MetricsConfig, podRegex: string, expr: string): string {
  const target = m.vllm.targetLabels.join(', ');
  const running = selector(m.vllm.numRequestsRunning, podMatchers(m, podRegex));
  return withModel(
    m,
    `${expr} * on (${target}) group_left (${m.vllm.modelLabel}) (0 * max by (${target}, ${m.vllm.modelLabel}) (${running}) + 1)`,
  );
}

function inferenceHttp(m: MetricsConfig, podRegex: string, status?: string): string {
  return selector(m.vllm.httpRequests, {
    ...podMatchers(m, podRegex),
    handler: { op: '=~', value: VLLM_INFERENCE_HANDLERS },
    ...(status === undefined ? {} : { status }),
  });
}

/** vllm:request_success_total per target for some finish reasons, engines summed, model renamed. */
function finished(m: MetricsConfig, podRegex: string, reason: Matchers[string]): string {
  const success = selector(m.vllm.requestSuccess, { ...podMatchers(m, podRegex), finished_reason: reason });
  return withModel(m, `sum without (engine, finished_reason) (${success})`);
}

/**
 * Inference requests of every status, per target, from http_requests_total
 * (prometheus-fastapi-instrumentator, in vLLM's OpenAI server from v0.8.3).
 * A target without it (vLLM before 0.8.3) counts its finished requests
 * instead: vllm:request_success_total except aborts (a client that went
 * away), which misses requests rejected before the engine.
 */
export function adaptedRequests(m: MetricsConfig, podRegex: string): string {
  const http = joinModel(
    m,
    podRegex,
    `sum without (handler, method, status) (${inferenceHttp(m, podRegex)})`,
  );
  const target = m.vllm.targetLabels.join(', ');
  return `${http} or on (${target}) ${finished(m, podRegex, { op: '!=', value: 'abort' })}`;
}

/**
 * Failed inference requests of one status class ("4xx" or "5xx"), per
 * target. Where a target has no http_requests_total (before vLLM 0.8.3),
 * server errors are its requests that finished with reason `error` (vLLM
 * turns those into a 500); client errors are then not known.
 */
export function adaptedErrors(m: MetricsConfig, podRegex: string, statusClass: '4xx' | '5xx'): string {
  const http = joinModel(
    m,
    podRegex,
    `sum without (handler, method, status) (${inferenceHttp(m, podRegex, statusClass)})`,
  );
  if (statusClass === '4xx') return http;
  const target = m.vllm.targetLabels.join(', ');
  const anyHttp = `group by (${target}) (${inferenceHttp(m, podRegex)})`;
  return `${http} or on (${target}) (${finished(m, podRegex, 'error')} unless on (${target}) ${anyHttp})`;
}

/**
 * A native counter or histogram series (`_count`, `_sum`, `_bucket`) with the
 * model label renamed; vLLM's `engine` label (one per data-parallel engine) is
 * summed away, as the contract's labels are per pod.
 */
export function adaptedSeries(m: MetricsConfig, podRegex: string, native: string, bucket = false): string {
  const expr = `sum without (engine) (${selector(native, podMatchers(m, podRegex))})`;
  return withModel(m, bucket ? normaliseLe(expr) : expr);
}

/**
 * The cumulative bucket at `threshold` where it is not a native bound: the
 * native bucket at the largest bound below it (requests between that bound
 * and the threshold count as slow: a conservative count, never an
 * interpolation), or 0 when the threshold is below every bound (every
 * request counts as slow). Undefined where the threshold is a bound (the
 * plain bucket mapping already provides it).
 */
export function boundBucket(
  m: MetricsConfig,
  podRegex: string,
  nativeHistogram: string,
  buckets: readonly number[],
  threshold: number,
): string | undefined {
  const c = countingBound(buckets, threshold);
  if (c.exact) return undefined;
  const expr =
    c.bound === undefined
      ? `0 * sum without (engine) (${selector(`${nativeHistogram}_count`, podMatchers(m, podRegex))})`
      : `sum without (le, engine) (${selector(`${nativeHistogram}_bucket`, { ...podMatchers(m, podRegex), le: leMatcher(c.bound) })})`;
  return withModel(m, expr);
}

/**
 * 1 while every scrape target of the pod is up. Scrape health is what a
 * Prometheus-only setup knows of a pod; min makes a down sidecar count too.
 */
export function adaptedPodUp(m: MetricsConfig, podRegex: string): string {
  const pod = m.kubernetes.podLabel;
  return renameLabel(`min by (${pod}) (${selector('up', podMatchers(m, podRegex))})`, pod, m.labels.pod);
}
