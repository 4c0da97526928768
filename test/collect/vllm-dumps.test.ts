/**
 * The vLLM adapter on real /metrics dumps (test/fixtures/collect):
 * - vllm-sim-run-t0..t3.prom: four scrapes of one simulator pod
 *   (`vllm-slo sim --latency-multiplier 20`, src/sim/vllm-metrics.ts serves
 *   vLLM's names, labels and buckets), recorded with curl: 3 requests of
 *   2.5-2.7 s, then one of 0.34 s, two of 4.9 s and a 400, then 3 of 2.33 s;
 * - vllm-v0.11-dp2-t0/t1.prom: vLLM v0.11's V1 engine with two data-parallel
 *   engines, as prometheus_client writes it (sorted labels, "3.0" values,
 *   `_created` gauge families, http_requests_total with its own `_created`);
 * - vllm-v0.7-t0/t1.prom: vLLM v0.7's V0 engine: a model_name label only,
 *   no `_created` (V0 called disable_created_metrics), no http_requests_total
 *   (prometheus-fastapi-instrumentator came in 0.8.3), V0's shorter buckets.
 * Between two scrapes most buckets of a histogram do not move; every bucket
 * series must still be read, or the cumulative counts are rebuilt wrongly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type AdaptedRollup, adaptVllm, CounterDeltas, parseExposition } from '../../src/collect/index.ts';
import { exactAbove, type Rollup, type ThresholdSet } from '../../src/engine/index.ts';

/** When the sim-run and dp2 fixtures' first scrapes were taken (their `_created` samples fit). */
const SIM_RUN_AT = 1_764_000_000_000;
const DP2_AT = 1_759_400_090_000;

const fixture = (name: string) =>
  parseExposition(readFileSync(new URL(`../fixtures/collect/${name}`, import.meta.url), 'utf8'));

/**
 * The rollup of the interval between scrape `from` and scrape `to` of one
 * pod, scraped 15 s apart from `at` (ms; the `_created` samples of series
 * new in `to` are between the two).
 */
function interval(from: string, to: string, thresholds: ThresholdSet, at = SIM_RUN_AT): Rollup {
  const d = new CounterDeltas();
  const a = fixture(from);
  const b = fixture(to);
  assert.deepEqual([...a.problems, ...b.problems], []);
  d.observe(a.samples, a.types, at);
  const rollups: AdaptedRollup[] = adaptVllm(
    d.observe(b.samples, b.types, at + 15_000).deltas,
    'vllm-0',
    b.samples,
    thresholds,
  );
  assert.equal(rollups.length, 1, 'one rollup for the pod');
  const r = rollups[0];
  assert.ok(r);
  return r.rollup;
}

/** Slow requests as the store reads them: the exact count, which the sketch must agree with at bounds. */
function slow(r: Rollup, seconds: number): number | undefined {
  return exactAbove(r, 'duration', seconds);
}

describe('vLLM dumps recorded from a simulator run', () => {
  it('counts 3 of 3 requests slower than 2 s when two buckets below moved and the rest did not', () => {
    // curl saw 2.52, 2.73, 2.73 s: buckets up to le="2.0" did not move, le="2.5" +1, le="5.0" +3.
    const r = interval('vllm-sim-run-t0.prom', 'vllm-sim-run-t1.prom', { duration: [2] });
    assert.equal(r.requests, 3);
    assert.equal(r.duration.count, 3);
    assert.equal(slow(r, 2), 3);
    assert.equal(r.duration.countAbove(2), 3);
  });

  it('counts 3 of 3 requests slower than 2 s when only le="2.5" and above moved', () => {
    // Three requests of 2.33 s: every bucket up to le="2.0" has a delta of 0.
    const r = interval('vllm-sim-run-t2.prom', 'vllm-sim-run-t3.prom', { duration: [2] });
    assert.equal(r.duration.count, 3);
    assert.equal(slow(r, 2), 3);
    assert.equal(r.duration.countAbove(2), 3);
  });

  it('reads a mixed interval and the 400 as a client error', () => {
    const r = interval('vllm-sim-run-t1.prom', 'vllm-sim-run-t2.prom', { duration: [0.5, 2], ttft: [0.5] });
    // Three finished requests plus the rejected one.
    assert.equal(r.requests, 4);
    assert.deepEqual([...r.errors], [['client:invalid_request', 1]]);
    assert.equal(slow(r, 0.5), 2);
    assert.equal(slow(r, 2), 2);
    assert.equal(r.duration.countAbove(0.5), 2);
  });

  it('counts a threshold between bounds at the bound below it: never fewer slow requests than there were', () => {
    // 3 s is no bound of vLLM's e2e buckets; it counts at 2.5 s. True answer: 0 of the 2.33 s requests.
    const r = interval('vllm-sim-run-t2.prom', 'vllm-sim-run-t3.prom', { duration: [3] });
    assert.equal(slow(r, 3), 0);
    const mixed = interval('vllm-sim-run-t0.prom', 'vllm-sim-run-t1.prom', { duration: [3] });
    // None is over 3 s; the two over 2.5 s count as slow (no interpolation: never fewer than the truth).
    assert.equal(slow(mixed, 3), 2);
  });
});

describe('hand-made dumps in vLLM v0.11 format (two engines, _created lines)', () => {
  const r = interval(
    'vllm-v0.11-dp2-t0.prom',
    'vllm-v0.11-dp2-t1.prom',
    { duration: [2, 3], ttft: [0.2, 0.5] },
    DP2_AT,
  );

  it('ignores the _created gauges and sums the engines', () => {
    // stop +3 on each engine, the 4xx and the 5xx of the chat route; engine 1's abort is a cancellation.
    assert.equal(r.requests, 8);
    assert.equal(r.cancellations, 1);
    assert.deepEqual([...r.errors].sort(), [
      ['client:invalid_request', 1],
      ['server:internal', 1],
    ]);
    assert.equal(r.promptTokens, 500);
    assert.equal(r.generationTokens, 1000);
  });

  it('counts every slow request of both engines', () => {
    // Engine 0: 2.1, 2.2, 2.4 s (its buckets below le="2.5" did not move); engine 1: 0.6, 0.6, 7, 0.1 s.
    assert.equal(r.duration.count, 7);
    assert.equal(slow(r, 2), 4);
    assert.equal(r.duration.countAbove(2), 4);
    // 3 s counts at 2.5 s: only the 7 s request.
    assert.equal(slow(r, 3), 1);
  });

  it('counts TTFT at 0.5 s exactly and 0.2 s at the 0.1 s bound below it', () => {
    // 0.3, 0.6, 0.9 and 0.2, 0.2, 0.7, 0.05 s.
    assert.equal(r.ttft.count, 7);
    assert.equal(exactAbove(r, 'ttft', 0.5), 3);
    // Above 0.1 s: all but the 0.05 s one, though the two of 0.2 s are not above 0.2 s.
    assert.equal(exactAbove(r, 'ttft', 0.2), 6);
  });
});

describe('hand-made dumps in vLLM v0.7 format (V0 engine, no http_requests_total)', () => {
  const r = interval('vllm-v0.7-t0.prom', 'vllm-v0.7-t1.prom', { duration: [2] });

  it('counts finished requests from request_success alone', () => {
    // stop +3, length +1; no abort in the interval.
    assert.equal(r.requests, 4);
    assert.equal(r.errorsTotal, 0);
    assert.equal(r.cancellations, 0);
  });

  it('counts the 3 requests slower than 2 s', () => {
    assert.equal(r.duration.count, 4);
    assert.equal(slow(r, 2), 3);
    assert.equal(r.duration.countAbove(2), 3);
  });
});
