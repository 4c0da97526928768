/**
 * Prometheus histogram bucket deltas into the engine's quantile sketch. A
 * bucket only says how many observations fell in (lower, upper], so each is
 * added at one representative value: the result is approximate to the
 * bucket resolution (a quantile inside a wide bucket can be off by up to
 * the bucket's width), not to the sketch's 0.5 %.
 *
 * Threshold counts stay exact where a threshold is a bucket bound, which the
 * gateway guarantees (its buckets include every latency and TTFT threshold
 * of the spec): every representative lies strictly inside its bucket *in
 * sketch terms*, i.e. in a sketch bucket above the lower bound's and at or
 * below the upper bound's, so Sketch.countAbove(bound) counts exactly the
 * observations above that bound. For vLLM's native buckets (no 3 s or 6 s
 * bound) boundCounts counts at the bound below the threshold instead.
 */
import { bucketIndex, bucketValue, type Sketch, type ThresholdCount } from '../engine/index.ts';

/** A histogram series' increase at one bound: cumulative, as `_bucket{le}` is. */
export interface BucketDelta {
  le: number;
  count: number;
}

/**
 * The value that stands for the bucket (lower, upper]: the geometric midpoint
 * (the sketch's error is relative, and the geometric midpoint halves the
 * worst relative error across the bucket), or upper / 2 for the first bucket
 * (0, upper], moved into the sketch bucket range that keeps the bounds
 * exact. The +Inf bucket is put just above the last finite bound: its
 * observations are above that bound, and countAbove(last bound) must say so.
 * Returns undefined when there is no finite bound to anchor on.
 */
export function bucketRepresentative(lower: number, upper: number): number | undefined {
  if (upper <= 0) return 0;
  if (upper === Number.POSITIVE_INFINITY)
    return lower > 0 && Number.isFinite(lower) ? bucketValue(bucketIndex(lower) + 1) : undefined;
  const hi = bucketIndex(upper);
  const lo = lower > 0 ? bucketIndex(lower) : Number.NEGATIVE_INFINITY;
  // Bounds closer than the sketch's resolution share a sketch bucket: nothing lies between them.
  if (lo >= hi) return upper;
  const mid = lower > 0 ? Math.sqrt(lower * upper) : upper / 2;
  const index = Math.min(hi, Math.max(lo + 1, bucketIndex(mid)));
  // bucketValue(i) lies strictly inside sketch bucket i, so adding it lands in bucket i.
  return bucketValue(index);
}

/**
 * Adds one histogram series' bucket deltas to a sketch. Non-cumulative counts
 * that come out negative (a bucket reset on its own, a torn exposition) are
 * taken as 0. With the series' `_sum` delta the sketch's sum is made exact,
 * so the mean is not skewed by the representatives. Returns how many
 * observations were added.
 */
export function addBucketDeltas(sketch: Sketch, buckets: readonly BucketDelta[], sumDelta?: number): number {
  const sorted = buckets.filter((b) => !Number.isNaN(b.le)).sort((a, b) => a.le - b.le);
  let lower = 0;
  let cumulative = 0;
  let added = 0;
  let missed = 0;
  let representedSum = 0;
  for (const b of sorted) {
    const n = b.count - cumulative;
    if (n > 0) {
      const value = bucketRepresentative(lower, b.le);
      if (value === undefined) missed += n;
      else {
        sketch.add(value, n);
        added += n;
        representedSum += value * n;
      }
    }
    cumulative = Math.max(cumulative, b.count);
    lower = b.le;
  }
  if (sumDelta !== undefined && Number.isFinite(sumDelta) && added > 0 && missed === 0)
    sketch.sum += sumDelta - representedSum;
  return added;
}

// Bounds are parsed from text ("0.5") and thresholds from the spec ("500ms"): equal up to rounding.
const sameBound = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * Bad-event counts against thresholds from one histogram series' deltas:
 * the observations above the largest bound at or below each threshold (the
 * total less the cumulative count there; all of them when no bound is that
 * low). Exact where the threshold is a bound, which the gateway guarantees;
 * elsewhere (vLLM's native buckets have no 3 s or 6 s bound) a conservative
 * count: requests between that bound and the threshold count as slow, so
 * slow requests are never under-reported. Nothing is interpolated. Counts
 * are normalised as addBucketDeltas normalises them (cumulative counts never
 * decrease), so `covered` matches what it added to the sketch; `added` is
 * its return value, and when it fell short of the total (observations it
 * could not place) nothing is counted.
 */
export function boundCounts(
  buckets: readonly BucketDelta[],
  thresholds: readonly number[],
  added: number,
): Map<number, ThresholdCount> {
  const out = new Map<number, ThresholdCount>();
  const sorted = buckets.filter((b) => !Number.isNaN(b.le)).sort((a, b) => a.le - b.le);
  const atBound: { le: number; cumulative: number }[] = [];
  let cumulative = 0;
  for (const b of sorted) {
    cumulative = Math.max(cumulative, b.count);
    atBound.push({ le: b.le, cumulative });
  }
  if (added !== cumulative || added === 0) return out;
  for (const t of thresholds) {
    const below = atBound.filter((x) => x.le < t || sameBound(x.le, t)).at(-1);
    out.set(t, { above: cumulative - (below?.cumulative ?? 0), covered: cumulative });
  }
  return out;
}
