/**
 * vLLM's own histogram buckets (seconds), as vLLM v0.11+ registers them in
 * vllm/v1/metrics/loggers.py. The adapter rules interpolate SLO thresholds that
 * fall between these bounds; the simulator exports exactly these.
 */

/** vllm:e2e_request_latency_seconds and the vllm:request_*_time_seconds histograms. */
export const VLLM_REQUEST_LATENCY_BUCKETS: readonly number[] = [
  0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680,
];

/** vllm:time_to_first_token_seconds. */
export const VLLM_TTFT_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640,
  2560,
];

/** vllm:inter_token_latency_seconds. */
export const VLLM_INTER_TOKEN_BUCKETS: readonly number[] = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80,
];

/** How a threshold maps onto a bucket list: exactly, or as a weighted mix of its neighbours. */
export type BucketEstimate =
  | { exact: true; bound: number }
  | { exact: false; lower: number | undefined; upper: number; upperWeight: number };

/**
 * Linear interpolation inside the bucket that holds `threshold`, the same
 * assumption histogram_quantile makes. Below the first bound the lower edge
 * is 0; above the last finite bound the last bound is used (an undercount of
 * slow requests, said in the rule's comment).
 */
export function estimateBucket(buckets: readonly number[], threshold: number): BucketEstimate {
  if (buckets.includes(threshold)) return { exact: true, bound: threshold };
  const upperIndex = buckets.findIndex((b) => b > threshold);
  if (upperIndex === -1) {
    const last = buckets[buckets.length - 1] ?? threshold;
    return { exact: true, bound: last };
  }
  const upper = buckets[upperIndex] ?? threshold;
  const lower = upperIndex === 0 ? undefined : buckets[upperIndex - 1];
  const from = lower ?? 0;
  return { exact: false, lower, upper, upperWeight: (threshold - from) / (upper - from) };
}
