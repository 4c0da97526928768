/**
 * A mergeable quantile sketch with bounded relative error, in the manner of
 * DDSketch (Masson, Rim and Lee, "DDSketch: A Fast and Fully-Mergeable
 * Quantile Sketch with Relative-Error Guarantees", VLDB 2019): value x goes
 * to bucket ceil(log_γ x) with γ = (1 + α) / (1 - α), and a bucket's
 * representative 2γ^i / (γ + 1) is within α of every value in it. With
 * α = 0.5 % every quantile is within 0.5 % of a value of the right rank,
 * inside the 1 % the issue asks for, and two sketches merge by adding
 * counts, so minutes roll up into hours and days exactly.
 */

/** Relative accuracy of every quantile (0.5 %). */
export const SKETCH_ALPHA = 0.005;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this (1 µs for seconds) share the zero bucket. */
const MIN_VALUE = 1e-6;

/** Bucket index of a positive value. */
export function bucketIndex(value: number): number {
  return Math.ceil(Math.log(value) / LOG_GAMMA);
}

/** The value a bucket stands for: within α of anything in it. */
export function bucketValue(index: number): number {
  return (2 * GAMMA ** index) / (GAMMA + 1);
}

/** Upper bound of a bucket: every value in it is at most this. */
export function bucketUpper(index: number): number {
  return GAMMA ** index;
}

export class Sketch {
  /** Sparse counts by bucket index. */
  readonly counts = new Map<number, number>();
  zero = 0;
  count = 0;
  sum = 0;

  add(value: number, n = 1): void {
    this.count += n;
    this.sum += value * n;
    if (value <= MIN_VALUE) this.zero += n;
    else {
      const i = bucketIndex(value);
      this.counts.set(i, (this.counts.get(i) ?? 0) + n);
    }
  }

  /** Adds another sketch's counts (merging minutes into hours). */
  merge(other: Sketch): void {
    this.count += other.count;
    this.sum += other.sum;
    this.zero += other.zero;
    for (const [i, n] of other.counts) this.counts.set(i, (this.counts.get(i) ?? 0) + n);
  }

  /** The q-quantile (0 <= q <= 1), or undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = q * (this.count - 1);
    let seen = this.zero;
    if (rank < seen) return 0;
    for (const i of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(i) ?? 0;
      if (rank < seen) return bucketValue(i);
    }
    const last = Math.max(...this.counts.keys());
    return bucketValue(last);
  }

  /**
   * Observations above a threshold (the bad events of a latency SLO). Values
   * in the threshold's own bucket are counted as within it, so the answer is
   * exact up to values within α of the threshold.
   */
  countAbove(threshold: number): number {
    if (threshold <= MIN_VALUE) return this.count - this.zero;
    const t = bucketIndex(threshold);
    let n = 0;
    for (const [i, c] of this.counts) if (i > t) n += c;
    return n;
  }

  /** Compact serialisation: [zero, count, sum, index, count, index, count, ...]. */
  toJSON(): number[] {
    const out = [this.zero, this.count, this.sum];
    for (const [i, n] of this.counts) out.push(i, n);
    return out;
  }

  static fromJSON(data: readonly number[]): Sketch {
    const s = new Sketch();
    s.zero = data[0] ?? 0;
    s.count = data[1] ?? 0;
    s.sum = data[2] ?? 0;
    for (let k = 3; k + 1 < data.length; k += 2) s.counts.set(data[k] ?? 0, data[k + 1] ?? 0);
    return s;
  }
}
