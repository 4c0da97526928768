/**
 * Sketches as compact blobs. Bucket indices of one row are close together,
 * so they are stored sorted as varint deltas and counts as varints: about 3
 * bytes a bucket against about 10 for Sketch.toJSON's text (bench/store-bench
 * measures both). Counts that are not whole numbers (a collector's odd
 * delta) fall back to float64, so nothing is ever rounded.
 *
 *   format 1: [1] varint zero, varint count, f64 sum, varint n, n x (zigzag varint index delta, varint count)
 *   format 2: [2] f64 zero, f64 count, f64 sum, varint n, n x (zigzag varint index delta, f64 count)
 */
import { Sketch } from '../engine/index.ts';

const WHOLE = 1;
const FLOAT = 2;

let scratch = Buffer.alloc(4096);

function isWhole(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

class Writer {
  pos = 0;
  constructor(size: number) {
    if (scratch.length < size) scratch = Buffer.alloc(size * 2);
  }
  byte(b: number): void {
    scratch[this.pos++] = b;
  }
  varint(v: number): void {
    // Arithmetic, not bit operations: counts may exceed 2^31.
    while (v >= 128) {
      scratch[this.pos++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    scratch[this.pos++] = v;
  }
  f64(v: number): void {
    scratch.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }
  done(): Buffer {
    return Buffer.from(scratch.subarray(0, this.pos));
  }
}

/**
 * The blob of a sketch given as parallel arrays of bucket indices (sorted
 * ascending, counts non-zero) and counts; null when empty. Callers that
 * already hold buckets in order (a merge) skip building a Sketch.
 */
export function encodeBuckets(
  zero: number,
  count: number,
  sum: number,
  indices: readonly number[],
  counts: readonly number[],
): Buffer | null {
  if (count === 0 && zero === 0 && indices.length === 0) return null;
  const whole = isWhole(zero) && isWhole(count) && counts.every(isWhole);
  const w = new Writer(40 + indices.length * 20);
  w.byte(whole ? WHOLE : FLOAT);
  if (whole) {
    w.varint(zero);
    w.varint(count);
  } else {
    w.f64(zero);
    w.f64(count);
  }
  w.f64(sum);
  w.varint(indices.length);
  let prev = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    const d = i - prev;
    prev = i;
    w.varint(d >= 0 ? 2 * d : -2 * d - 1);
    if (whole) w.varint(counts[k] as number);
    else w.f64(counts[k] as number);
  }
  return w.done();
}

/** The blob of a sketch, or null for an empty one (most error-only rows have no TTFT). */
export function encodeSketch(s: Sketch): Buffer | null {
  const indices = [...s.counts.keys()].filter((i) => s.counts.get(i) !== 0).sort((a, b) => a - b);
  const counts = indices.map((i) => s.counts.get(i) ?? 0);
  return encodeBuckets(s.zero, s.count, s.sum, indices, counts);
}

let at = 0;

/** The varint at `at` in `blob`, moving `at` past it (module state: no closure on the hot path). */
function varintAt(blob: Uint8Array): number {
  let b = blob[at++] as number;
  let v = b & 127;
  // Arithmetic, not bit operations: counts may exceed 2^31.
  for (let mul = 128; b >= 128; mul *= 128) {
    b = blob[at++] as number;
    v += (b & 127) * mul;
  }
  return v;
}

/**
 * Adds a whole-count (format 1) blob into a dense array of counts at
 * index + offset, widening [range.lo, range.hi] to the slots touched;
 * buckets outside the array go to `outside`. Returns false, doing nothing,
 * for a blob of another format. This is the read path's inner loop.
 */
export function addWholeBlob(
  blob: Buffer,
  dense: Float64Array,
  offset: number,
  range: { lo: number; hi: number; zero: number; count: number; sum: number },
  outside: Map<number, number>,
): boolean {
  if (blob[0] !== WHOLE) return false;
  at = 1;
  range.zero += varintAt(blob);
  range.count += varintAt(blob);
  range.sum += blob.readDoubleLE(at);
  at += 8;
  const n = varintAt(blob);
  let index = 0;
  for (let k = 0; k < n; k++) {
    const z = varintAt(blob);
    index += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const c = varintAt(blob);
    const slot = index + offset;
    if (slot >= 0 && slot < dense.length) {
      dense[slot] = (dense[slot] as number) + c;
      if (slot < range.lo) range.lo = slot;
      if (slot > range.hi) range.hi = slot;
    } else outside.set(index, (outside.get(index) ?? 0) + c);
  }
  if (at > blob.length) throw new RangeError('truncated sketch');
  return true;
}

/** Receives the buckets of a decoded blob. */
export interface BucketSink {
  header(zero: number, count: number, sum: number): void;
  bucket(index: number, count: number): void;
}

/** Streams a blob of either format into `sink` (the general path; addWholeBlob is the fast one). */
export function decodeInto(blob: Uint8Array, sink: BucketSink): void {
  let pos = 1;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = blob[pos++];
      if (b === undefined) throw new RangeError('truncated sketch');
      v += (b & 127) * mul;
      if (b < 128) return v;
      mul *= 128;
    }
  };
  const f64 = (): number => {
    const v = view.getFloat64(pos, true);
    pos += 8;
    return v;
  };
  const format = blob[0];
  if (format !== WHOLE && format !== FLOAT) throw new RangeError(`unknown sketch format ${format}`);
  const whole = format === WHOLE;
  const zero = whole ? varint() : f64();
  const count = whole ? varint() : f64();
  sink.header(zero, count, f64());
  const n = varint();
  let index = 0;
  for (let k = 0; k < n; k++) {
    const z = varint();
    index += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    sink.bucket(index, whole ? varint() : f64());
  }
}

/** The sketch a blob holds (null is the empty sketch). */
export function decodeSketch(blob: Uint8Array | null): Sketch {
  const s = new Sketch();
  if (blob === null) return s;
  decodeInto(blob, {
    header(zero, count, sum) {
      s.zero = zero;
      s.count = count;
      s.sum = sum;
    },
    bucket(index, n) {
      s.counts.set(index, n);
    },
  });
  return s;
}
