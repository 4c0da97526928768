/**
 * PromQL that maps vLLM's native metrics onto the gateway's metric contract,
 * for users who scrape vLLM directly. Each expression keeps one series per
 * scrape target (no sum across pods), so a pod restart is a counter reset of
 * its own series and rate() handles it.
 */
import type { MetricsConfig } from '../spec/index.ts';
import { formatNumber, leMatcher, type Matchers, renameLabel, selector } from './selector.ts';
import { estimateBucket } from './vllm-buckets.ts';

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

/** Finished inference requests of every status, per target. */
export function adaptedRequests(m: MetricsConfig, podRegex: string): string {
  const http = selector(m.vllm.httpRequests, {
    ...podMatchers(m, podRegex),
    handler: { op: '=~', value: VLLM_INFERENCE_HANDLERS },
  });
  return joinModel(m, podRegex, `sum without (handler, method, status) (${http})`);
}

/** Failed inference requests of one status class ("4xx" or "5xx"), per target. */
export function adaptedErrors(m: MetricsConfig, podRegex: string, statusClass: '4xx' | '5xx'): string {
  const http = selector(m.vllm.httpRequests, {
    ...podMatchers(m, podRegex),
    handler: { op: '=~', value: VLLM_INFERENCE_HANDLERS },
    status: statusClass,
  });
  return joinModel(m, podRegex, `sum without (handler, method, status) (${http})`);
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
 * The cumulative bucket at `threshold` estimated from the native buckets by
 * linear interpolation; exact where the threshold is a native bound. Returns
 * undefined where it is exact (the plain bucket mapping already provides it).
 */
export function interpolatedBucket(
  m: MetricsConfig,
  podRegex: string,
  nativeHistogram: string,
  buckets: readonly number[],
  threshold: number,
): string | undefined {
  const est = estimateBucket(buckets, threshold);
  if (est.exact) return undefined;
  const at = (bound: number): string =>
    `sum without (le, engine) (${selector(`${nativeHistogram}_bucket`, { ...podMatchers(m, podRegex), le: leMatcher(bound) })})`;
  const upper = `${formatNumber(est.upperWeight)} * ${at(est.upper)}`;
  const mix =
    est.lower === undefined ? upper : `${formatNumber(1 - est.upperWeight)} * ${at(est.lower)} + ${upper}`;
  return withModel(m, mix);
}

/**
 * 1 while every scrape target of the pod is up. Scrape health is what a
 * Prometheus-only setup knows of a pod; min makes a down sidecar count too.
 */
export function adaptedPodUp(m: MetricsConfig, podRegex: string): string {
  const pod = m.kubernetes.podLabel;
  return renameLabel(`min by (${pod}) (${selector('up', podMatchers(m, podRegex))})`, pod, m.labels.pod);
}
