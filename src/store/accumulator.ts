/**
 * Merging many stored rows fast. A window merges hundreds of rows, each
 * with hundreds of buckets; adding them into a flat array indexed by bucket
 * is several times faster than building a Sketch (a Map) per row, and the
 * array is already in bucket order, so a merged row is encoded from it
 * without sorting.
 */
import {
  addThresholdCounts,
  emptyRollup,
  mergeInto,
  type Rollup,
  Sketch,
  type ThresholdCount,
} from '../engine/index.ts';
import { addWholeBlob, type BucketSink, decodeInto, encodeBuckets } from './sketch-codec.ts';

// Bucket indices of seconds from 1 µs (about -1382) to 10^8 s (about 1842)
// fit the array; anything beyond goes to a Map.
const OFFSET = 2048;
const SIZE = 4096;

export class SketchAccumulator implements BucketSink {
  private readonly dense = new Float64Array(SIZE);
  private readonly outside = new Map<number, number>();
  /** Touched slots and header sums, as one object addWholeBlob updates in place. */
  private readonly state = { lo: SIZE, hi: -1, zero: 0, count: 0, sum: 0 };

  header(zero: number, count: number, sum: number): void {
    this.state.zero += zero;
    this.state.count += count;
    this.state.sum += sum;
  }

  bucket(index: number, n: number): void {
    const k = index + OFFSET;
    if (k >= 0 && k < SIZE) {
      this.dense[k] = (this.dense[k] ?? 0) + n;
      if (k < this.state.lo) this.state.lo = k;
      if (k > this.state.hi) this.state.hi = k;
    } else this.outside.set(index, (this.outside.get(index) ?? 0) + n);
  }

  addBlob(blob: Buffer | null): void {
    if (blob !== null && !addWholeBlob(blob, this.dense, OFFSET, this.state, this.outside))
      decodeInto(blob, this);
  }

  addSketch(s: Sketch): void {
    this.header(s.zero, s.count, s.sum);
    for (const [i, n] of s.counts) this.bucket(i, n);
  }

  /** Calls `fn` for every non-zero bucket in ascending index order, then empties the accumulator. */
  private drain(fn: (index: number, n: number) => void): { zero: number; count: number; sum: number } {
    const { lo, hi, zero, count, sum } = this.state;
    const outside = [...this.outside].sort((a, b) => a[0] - b[0]);
    for (const [i, n] of outside) if (i < -OFFSET && n !== 0) fn(i, n);
    for (let k = lo; k <= hi; k++) {
      const n = this.dense[k] ?? 0;
      if (n !== 0) fn(k - OFFSET, n);
    }
    for (const [i, n] of outside) if (i >= -OFFSET && n !== 0) fn(i, n);
    this.dense.fill(0, Math.min(lo, SIZE), hi + 1);
    this.outside.clear();
    Object.assign(this.state, { lo: SIZE, hi: -1, zero: 0, count: 0, sum: 0 });
    return { zero, count, sum };
  }

  /** The merged sketch; the accumulator is empty again afterwards. */
  take(): Sketch {
    const s = new Sketch();
    const h = this.drain((i, n) => s.counts.set(i, n));
    s.zero = h.zero;
    s.count = h.count;
    s.sum = h.sum;
    return s;
  }

  /** The merged sketch as a blob (null when empty); the accumulator is empty again afterwards. */
  takeBlob(): Buffer | null {
    const indices: number[] = [];
    const counts: number[] = [];
    const h = this.drain((i, n) => {
      indices.push(i);
      counts.push(n);
    });
    return encodeBuckets(h.zero, h.count, h.sum, indices, counts);
  }
}

/**
 * A stored row as read in raw mode: requests, errors_total, errors (JSON or
 * null), cancellations, prompt_tokens, generation_tokens, duration, ttft,
 * above (JSON or null).
 */
export type RollupRow = [
  number,
  number,
  string | null,
  number,
  number,
  number,
  Buffer | null,
  Buffer | null,
  string | null,
];

/** The columns of RollupRow, in its order, for SELECTs. */
export const ROLLUP_COLUMNS =
  'requests, errors_total, errors, cancellations, prompt_tokens, generation_tokens, duration, ttft, above';

/**
 * Threshold counts as stored: {"duration:3": [above, covered], ...}, or null
 * when there are none, so a store without thresholds never parses JSON.
 */
export function encodeAbove(above: ReadonlyMap<string, ThresholdCount>): string | null {
  if (above.size === 0) return null;
  const out: Record<string, [number, number]> = {};
  for (const [k, c] of above) out[k] = [c.above, c.covered];
  return JSON.stringify(out);
}

/** Adds the stored threshold counts `json` (encodeAbove's) into `into`. */
export function addEncodedAbove(into: Map<string, ThresholdCount>, json: string): void {
  const entries = Object.entries(JSON.parse(json) as Record<string, [number, number]>);
  addThresholdCounts(
    into,
    entries.map(([k, [above, covered]]) => [k, { above, covered }] as const),
  );
}

// Never added to: stands in for the sketches addRollup merges separately.
const EMPTY = new Sketch();

/** Sums rows and rollups into one Rollup or one row. */
export class RollupAccumulator {
  private totals = emptyRollup();
  private readonly duration = new SketchAccumulator();
  private readonly ttft = new SketchAccumulator();

  addRow(row: RollupRow): void {
    const t = this.totals;
    t.requests += row[0];
    t.errorsTotal += row[1];
    if (row[2] !== null) {
      for (const [k, n] of Object.entries(JSON.parse(row[2]) as Record<string, number>))
        t.errors.set(k, (t.errors.get(k) ?? 0) + n);
    }
    t.cancellations += row[3];
    t.promptTokens += row[4];
    t.generationTokens += row[5];
    this.duration.addBlob(row[6]);
    this.ttft.addBlob(row[7]);
    if (row[8] !== null) addEncodedAbove(t.above, row[8]);
  }

  addRollup(r: Rollup): void {
    const { duration, ttft, ...counts } = r;
    mergeInto(this.totals, { ...counts, duration: EMPTY, ttft: EMPTY });
    this.duration.addSketch(duration);
    this.ttft.addSketch(ttft);
  }

  /** The merged rollup; the accumulator is empty again afterwards. */
  take(): Rollup {
    const r = this.totals;
    r.duration = this.duration.take();
    r.ttft = this.ttft.take();
    this.totals = emptyRollup();
    return r;
  }

  /** The merged rollup as a row to store; the accumulator is empty again afterwards. */
  takeRow(): RollupRow {
    const t = this.totals;
    this.totals = emptyRollup();
    return [
      t.requests,
      t.errorsTotal,
      t.errors.size === 0 ? null : JSON.stringify(Object.fromEntries(t.errors)),
      t.cancellations,
      t.promptTokens,
      t.generationTokens,
      this.duration.takeBlob(),
      this.ttft.takeBlob(),
      encodeAbove(t.above),
    ];
  }
}
