/**
 * vLLM's own histogram buckets (seconds), as vLLM v0.11+ registers them in
 * vllm/v1/metrics/loggers.py; the simulator exports exactly these. The adapter
 * rules count an SLO threshold between two bounds at the lower one
 * (countingBound in src/spec), never by interpolation.
 */

// The latency and TTFT bounds live in the spec (the defaults of metrics.vllm.buckets).
export { VLLM_REQUEST_LATENCY_BUCKETS, VLLM_TTFT_BUCKETS } from '../spec/index.ts';

/** vllm:inter_token_latency_seconds. */
export const VLLM_INTER_TOKEN_BUCKETS: readonly number[] = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80,
];
