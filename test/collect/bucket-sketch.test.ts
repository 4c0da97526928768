/**
 * Histogram buckets into the sketch: counts above every bucket bound are
 * exact (the gateway's buckets include the SLO thresholds, so "slower than
 * 3 s" is counted, not estimated), quantiles land inside the right bucket,
 * the sum is the histogram's own, and the +Inf bucket counts as above the
 * last bound.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addBucketDeltas,
  type BucketDelta,
  boundCounts,
  bucketRepresentative,
} from '../../src/collect/index.ts';
import { bucketIndex, bucketValue, Sketch } from '../../src/engine/index.ts';
import { DURATION_BUCKETS, TTFT_BUCKETS, withThresholds } from '../../src/gateway/gateway-metrics.ts';
import { VLLM_REQUEST_LATENCY_BUCKETS, VLLM_TTFT_BUCKETS } from '../../src/promql/vllm-buckets.ts';
import { seededRng } from '../../src/sim/index.ts';

/** A Prometheus histogram of `values` over `bounds`, as cumulative bucket counts (with +Inf). */
function cumulative(values: readonly number[], bounds: readonly number[]): BucketDelta[] {
  return [...bounds, Number.POSITIVE_INFINITY].map((le) => ({
    le,
    count: values.filter((v) => v <= le).length,
  }));
}

const LAYOUTS: Record<string, readonly number[]> = {
  'gateway duration (thresholds 3 s, 6 s)': withThresholds(DURATION_BUCKETS, [3, 6]),
  'gateway TTFT (threshold 0.5 s)': withThresholds(TTFT_BUCKETS, [0.5]),
  'vLLM e2e': VLLM_REQUEST_LATENCY_BUCKETS,
  'vLLM TTFT': VLLM_TTFT_BUCKETS,
};

describe('addBucketDeltas', () => {
  for (const [name, bounds] of Object.entries(LAYOUTS)) {
    it(`counts above every bound exactly: ${name}`, () => {
      const rng = seededRng(11);
      const first = bounds[0] ?? 1;
      const last = bounds.at(-1) ?? 1;
      // Log-uniform over the whole layout and beyond, so every bucket and +Inf get observations.
      const values = Array.from({ length: 5000 }, () => first * 0.5 * ((last * 4) / first) ** rng.next());
      const sketch = new Sketch();
      const added = addBucketDeltas(sketch, cumulative(values, bounds));
      assert.equal(added, values.length);
      assert.equal(sketch.count, values.length);
      for (const bound of bounds) {
        const exact = values.filter((v) => v > bound).length;
        assert.equal(sketch.countAbove(bound), exact, `above ${bound}`);
      }
    });
  }

  it('puts quantiles inside the bucket that holds them', () => {
    const bounds = withThresholds(DURATION_BUCKETS, [3, 6]);
    const values = [...Array(90).fill(0.7), ...Array(8).fill(2.5), ...Array(2).fill(7)];
    const sketch = new Sketch();
    addBucketDeltas(sketch, cumulative(values, bounds));
    const p50 = sketch.quantile(0.5) ?? 0;
    const p95 = sketch.quantile(0.95) ?? 0;
    const p99 = sketch.quantile(0.99) ?? 0;
    assert.ok(p50 > 0.5 && p50 <= 1, `p50 ${p50}`);
    assert.ok(p95 > 2 && p95 <= 3, `p95 ${p95}`);
    assert.ok(p99 > 6 && p99 <= 8, `p99 ${p99}`);
  });

  it('takes the sum from _sum, not from the representatives', () => {
    const sketch = new Sketch();
    addBucketDeltas(sketch, cumulative([0.7, 0.8, 2.5], [1, 3]), 4);
    assert.equal(sketch.count, 3);
    assert.ok(Math.abs(sketch.sum - 4) < 1e-9);
  });

  it('counts the +Inf bucket above the last bound', () => {
    const sketch = new Sketch();
    addBucketDeltas(sketch, [
      { le: 1, count: 1 },
      { le: Number.POSITIVE_INFINITY, count: 3 },
    ]);
    assert.equal(sketch.countAbove(1), 2);
    assert.ok((sketch.quantile(1) ?? 0) > 1);
  });

  it('takes negative bucket counts (a torn exposition) as zero', () => {
    const sketch = new Sketch();
    addBucketDeltas(sketch, [
      { le: 1, count: 3 },
      { le: 2, count: 2 },
      { le: Number.POSITIVE_INFINITY, count: 4 },
    ]);
    assert.equal(sketch.count, 4);
    assert.equal(sketch.countAbove(1), 1);
  });
});

describe('bucketRepresentative', () => {
  it('lands strictly between the bounds in sketch terms', () => {
    for (const [lower, upper] of [
      [0, 0.001],
      [0.3, 0.5],
      [2.5, 3],
      [5, 6],
      [1, 1.02],
    ] as const) {
      const v = bucketRepresentative(lower, upper) ?? Number.NaN;
      assert.ok(v > lower && v <= upper, `(${lower}, ${upper}] -> ${v}`);
      if (lower > 0) assert.ok(bucketIndex(v) > bucketIndex(lower));
      assert.ok(bucketIndex(v) <= bucketIndex(upper));
    }
    assert.equal(bucketRepresentative(0, Number.POSITIVE_INFINITY), undefined);
  });

  it('relies on bucketValue(i) falling in sketch bucket i', () => {
    for (let i = -3000; i <= 3000; i++) assert.ok(bucketIndex(bucketValue(i)) === i, `bucket ${i}`);
  });
});

describe('boundCounts', () => {
  it('is exact at a bound even where the next bound shares its sketch bucket', () => {
    // 2.98 s and 3 s fall in one sketch bucket: the sketch cannot tell (2.98, 3] from (2, 2.98].
    assert.equal(bucketIndex(2.98), bucketIndex(3));
    const buckets: BucketDelta[] = [
      { le: 2, count: 5 },
      { le: 2.98, count: 7 },
      { le: 3, count: 9 },
      { le: Number.POSITIVE_INFINITY, count: 10 },
    ];
    const s = new Sketch();
    const added = addBucketDeltas(s, buckets);
    assert.equal(s.countAbove(2.98), 1);
    assert.deepEqual(Object.fromEntries(boundCounts(buckets, [2.98, 3, 2.5], added)), {
      2.98: { above: 3, covered: 10 },
      3: { above: 1, covered: 10 },
      // 2.5 s is no bound: counted at 2 s, the largest bound below it (conservative, not interpolated).
      2.5: { above: 5, covered: 10 },
    });
  });

  it('counts a threshold below the first bound as all slow, and one above the last at the last', () => {
    const buckets: BucketDelta[] = [
      { le: 1, count: 2 },
      { le: 5, count: 4 },
      { le: Number.POSITIVE_INFINITY, count: 5 },
    ];
    const added = addBucketDeltas(new Sketch(), buckets);
    assert.deepEqual(boundCounts(buckets, [0.5], added).get(0.5), { above: 5, covered: 5 });
    assert.deepEqual(boundCounts(buckets, [60], added).get(60), { above: 1, covered: 5 });
  });

  it('normalises as addBucketDeltas does, and claims nothing it could not place', () => {
    const torn: BucketDelta[] = [
      { le: 1, count: 4 },
      { le: 3, count: 3 },
      { le: Number.POSITIVE_INFINITY, count: 6 },
    ];
    const added = addBucketDeltas(new Sketch(), torn);
    assert.deepEqual(boundCounts(torn, [3], added).get(3), { above: 2, covered: 6 });
    const onlyInf: BucketDelta[] = [{ le: Number.POSITIVE_INFINITY, count: 3 }];
    assert.equal(boundCounts(onlyInf, [3], addBucketDeltas(new Sketch(), onlyInf)).size, 0);
  });
});
