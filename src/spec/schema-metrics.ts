/**
 * The spec's `metrics` section: which metric and label names the generated
 * rules and dashboards query. Defaults are DESIGN.md's metric contract (what
 * the gateway exports), vLLM's own names (vLLM v0.11+, vllm/v1/metrics/loggers.py),
 * kube-state-metrics and NVIDIA's DCGM exporter, so users with other names remap
 * them here instead of editing generated files.
 */
import { z } from 'zod';
import { duration, labelName, metricName } from './schema-parts.ts';

// vLLM's own buckets (vLLM v0.11, vllm/v1/metrics/loggers.py, PrometheusStatLogger): the defaults of
// metrics.vllm.buckets, here because the schema needs them and vllm-buckets.ts reads the schema's types.
/** vllm:e2e_request_latency_seconds and the vllm:request_*_time_seconds histograms (seconds). */
export const VLLM_REQUEST_LATENCY_BUCKETS: readonly number[] = [
  0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680,
];

/** vllm:time_to_first_token_seconds (seconds). */
export const VLLM_TTFT_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640,
  2560,
];

/** Histogram bounds in seconds, ascending, as the exporter writes them (+Inf implied). */
const bounds = z
  .array(z.number().positive().finite(), { error: 'expected a list of bucket bounds in seconds' })
  .min(1)
  .refine((xs) => xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? 0)), { error: 'bounds must be ascending' });

/**
 * The bounds vLLM's latency histograms export: vLLM's own by default. Set
 * them when your vLLM exports others, so the adapter counts exactly there.
 */
export const vllmBucketsSchema = z.strictObject({
  e2eLatency: bounds.default([...VLLM_REQUEST_LATENCY_BUCKETS]),
  timeToFirstToken: bounds.default([...VLLM_TTFT_BUCKETS]),
});

export const labelsSchema = z.strictObject({
  environment: labelName.default('environment'),
  model: labelName.default('model'),
  pod: labelName.default('pod'),
  errorClass: labelName.default('error_class'),
  errorType: labelName.default('error_type'),
});

/** vLLM's native metric names, for the adapter rules (users who do not run the gateway). */
export const vllmNativeSchema = z.strictObject({
  e2eLatency: metricName.default('vllm:e2e_request_latency_seconds'),
  timeToFirstToken: metricName.default('vllm:time_to_first_token_seconds'),
  interTokenLatency: metricName.default('vllm:inter_token_latency_seconds'),
  requestSuccess: metricName.default('vllm:request_success_total'),
  httpRequests: metricName.default('http_requests_total'),
  promptTokens: metricName.default('vllm:prompt_tokens_total'),
  generationTokens: metricName.default('vllm:generation_tokens_total'),
  numRequestsRunning: metricName.default('vllm:num_requests_running'),
  numRequestsWaiting: metricName.default('vllm:num_requests_waiting'),
  kvCacheUsage: metricName.default('vllm:kv_cache_usage_perc'),
  modelLabel: labelName.default('model_name'),
  /** Labels that identify one scrape target, to join http_requests_total (no model label) with a model. */
  targetLabels: z.array(labelName).min(1).default(['job', 'instance']),
  buckets: vllmBucketsSchema.prefault({}),
});

/** kube-state-metrics and cAdvisor names, for pod status, GPU requests, CPU and memory. */
export const kubernetesSchema = z.strictObject({
  podLabel: labelName.default('pod'),
  gpuRequests: metricName.default('kube_pod_container_resource_requests'),
  gpuResource: z.string().default('nvidia_com_gpu'),
  podStatusPhase: metricName.default('kube_pod_status_phase'),
  podStatusReady: metricName.default('kube_pod_status_ready'),
  podInfo: metricName.default('kube_pod_info'),
  containerRestarts: metricName.default('kube_pod_container_status_restarts_total'),
  cpuUsage: metricName.default('container_cpu_usage_seconds_total'),
  memoryWorkingSet: metricName.default('container_memory_working_set_bytes'),
});

/** NVIDIA DCGM exporter names (dcgm-exporter's default counters). */
export const gpuSchema = z.strictObject({
  podLabel: labelName.default('pod'),
  utilization: metricName.default('DCGM_FI_DEV_GPU_UTIL'),
  memoryUsed: metricName.default('DCGM_FI_DEV_FB_USED'),
  memoryFree: metricName.default('DCGM_FI_DEV_FB_FREE'),
});

export const metricsSchema = z.strictObject({
  requests: metricName.default('vllm_requests_total'),
  errors: metricName.default('vllm_errors_total'),
  requestDuration: metricName.default('vllm_request_duration_seconds'),
  timeToFirstToken: metricName.default('vllm_time_to_first_token_seconds'),
  interTokenLatency: metricName.default('vllm_inter_token_latency_seconds'),
  promptTokens: metricName.default('vllm_prompt_tokens_total'),
  generationTokens: metricName.default('vllm_generation_tokens_total'),
  requestsInFlight: metricName.default('vllm_requests_in_flight'),
  clientCancellations: metricName.default('vllm_client_cancellations_total'),
  podUp: metricName.default('vllm_pod_up'),
  /**
   * Prometheus's scrape interval for these metrics: burn-rate short windows are at least two of it.
   * At most 5m, Prometheus's lookback delta: a series scraped less often goes stale between scrapes.
   */
  scrapeInterval: duration(1000, '1s', { ms: 300_000, text: '5m' }).default('30s'),
  labels: labelsSchema.prefault({}),
  vllm: vllmNativeSchema.prefault({}),
  kubernetes: kubernetesSchema.prefault({}),
  gpu: gpuSchema.prefault({}),
});

export type MetricsConfig = z.output<typeof metricsSchema>;
