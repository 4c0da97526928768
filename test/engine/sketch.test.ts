/**
 * Quantile accuracy of the sketch against exact values on a million samples
 * from log-normal and bimodal distributions: P50/P95/P99 within 1 %.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sketch } from '../../src/engine/sketch.ts';
import { seededRng } from '../../src/sim/rng.ts';

function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}

function check(name: string, draw: () => number): void {
  const n = 1_000_000;
  const values = new Float64Array(n);
  const sketch = new Sketch();
  for (let i = 0; i < n; i++) {
    const v = draw();
    values[i] = v;
    sketch.add(v);
  }
  values.sort();
  for (const q of [0.5, 0.95, 0.99]) {
    const exact = exactQuantile(values, q);
    const got = sketch.quantile(q) ?? Number.NaN;
    const err = Math.abs(got - exact) / exact;
    assert.ok(
      err < 0.01,
      `${name} P${q * 100}: sketch ${got}, exact ${exact}, error ${(err * 100).toFixed(3)} %`,
    );
  }
}

describe('quantile sketch', () => {
  it('is within 1 % on a million log-normal latencies', () => {
    const rng = seededRng(1);
    check('lognormal', () => rng.lognormal(1.2, 0.6));
  });

  it('is within 1 % on a million bimodal latencies (cache hits and misses)', () => {
    const rng = seededRng(2);
    check('bimodal', () => (rng.next() < 0.7 ? rng.lognormal(0.08, 0.2) : rng.lognormal(2.5, 0.4)));
  });

  it('merges exactly: two halves give the same quantiles as the whole', () => {
    const rng = seededRng(3);
    const whole = new Sketch();
    const a = new Sketch();
    const b = new Sketch();
    for (let i = 0; i < 10_000; i++) {
      const v = rng.lognormal(1, 1);
      whole.add(v);
      (i % 2 ? a : b).add(v);
    }
    a.merge(b);
    for (const q of [0.1, 0.5, 0.9, 0.99]) assert.equal(a.quantile(q), whole.quantile(q));
    assert.deepEqual(Sketch.fromJSON(a.toJSON()).quantile(0.95), whole.quantile(0.95));
  });

  it('counts observations above a threshold', () => {
    const s = new Sketch();
    for (const v of [1, 2, 2.9, 3.1, 4, 10]) s.add(v);
    assert.equal(s.countAbove(3), 3);
    assert.equal(s.countAbove(0), 6);
  });
});
