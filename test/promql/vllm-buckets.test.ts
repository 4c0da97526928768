/** vLLM's histogram bounds: sorted, distinct, positive (histogram_quantile and the adapter rely on it). */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  VLLM_INTER_TOKEN_BUCKETS,
  VLLM_REQUEST_LATENCY_BUCKETS,
  VLLM_TTFT_BUCKETS,
} from '../../src/promql/index.ts';

it('lists every bucket set in increasing order, above zero', () => {
  for (const [name, buckets] of Object.entries({
    VLLM_INTER_TOKEN_BUCKETS,
    VLLM_REQUEST_LATENCY_BUCKETS,
    VLLM_TTFT_BUCKETS,
  })) {
    assert.ok(buckets.length > 0, name);
    assert.ok((buckets[0] ?? 0) > 0, name);
    buckets.forEach((b, i) => {
      if (i > 0) assert.ok(b > (buckets[i - 1] ?? Number.POSITIVE_INFINITY), `${name}[${i}]`);
    });
  }
});

it('keeps vLLM v0.11 end bounds (vllm/v1/metrics/loggers.py)', () => {
  assert.equal(VLLM_INTER_TOKEN_BUCKETS.at(-1), 80);
  assert.equal(VLLM_REQUEST_LATENCY_BUCKETS.at(-1), 7680);
  assert.equal(VLLM_TTFT_BUCKETS.at(-1), 2560);
});
