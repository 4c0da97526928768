/**
 * Names of the recording rules, after Prometheus's `level:metric:operations`
 * convention (prometheus.io/docs/practices/rules). The level says which labels
 * remain: `environment`, `environment_model` or `environment_pod`.
 */

export type Level = 'environment' | 'environment_model' | 'environment_pod';

/** Windows every SLI is recorded at (issue 2), besides the objective's period. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** The labels each level keeps, given the label names of the spec. */
export function levelLabels(
  level: Level,
  labels: { environment: string; model: string; pod: string },
): string[] {
  if (level === 'environment') return [labels.environment];
  if (level === 'environment_model') return [labels.environment, labels.model];
  return [labels.environment, labels.pod];
}

/** Request rate: `environment:vllm_requests:rate5m`. */
export function requestRateRecord(level: Level, window: string): string {
  return `${level}:vllm_requests:rate${window}`;
}

/** Error rate (per second): `environment:vllm_errors:rate5m`. */
export function errorRateRecord(level: Level, window: string): string {
  return `${level}:vllm_errors:rate${window}`;
}

/**
 * An objective's bad-event ratio over a window (label slo): errors/requests,
 * slow/all for latency, bad slices/all slices under timeslice budgeting.
 */
export function sliErrorRecord(level: Level, window: string): string {
  return `${level}:vllm_slo_errors:ratio_rate${window}`;
}

/** Requests over the last 5 minutes, the base of the long windows: `environment:vllm_requests:increase5m`. */
export function requestIncreaseRecord(level: Level): string {
  return `${level}:vllm_requests:increase5m`;
}

/** An objective's bad events over the last 5 minutes (label slo): `environment:vllm_slo_bad:increase5m`. */
export function sloBadIncreaseRecord(level: Level): string {
  return `${level}:vllm_slo_bad:increase5m`;
}

/**
 * All events of a latency or TTFT objective over the last 5 minutes (label
 * slo): the histogram's count. Error kinds count requests instead.
 */
export function sloTotalIncreaseRecord(level: Level): string {
  return `${level}:vllm_slo_total:increase5m`;
}

/** Per-slice badness (0 or 1) of a timeslice objective, the base of its window ratios. */
export function timesliceBadRecord(level: Level, slice: string): string {
  return `${level}:vllm_slo_timeslice_bad:${slice}`;
}

/** Requests per GPU of each pod (capacity planning). */
export const REQUESTS_PER_GPU_RECORD = 'environment_pod:vllm_requests_per_gpu:rate5m';
/** 100 - mean GPU utilisation of an environment's pods. */
export const GPU_HEADROOM_RECORD = 'environment:vllm_gpu_utilization_headroom:percent_avg5m';
/** Mean GPU utilisation per pod. */
export const GPU_UTILIZATION_RECORD = 'environment_pod:vllm_gpu_utilization:percent_avg5m';
