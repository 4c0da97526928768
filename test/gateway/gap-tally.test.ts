/** Inter-token gaps held per bucket until a request succeeds: the same buckets, count and sum as observing each. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GapTally } from '../../src/gateway/gap-tally.ts';

const BOUNDS = [0.01, 0.1, 1];

function buckets(values: readonly number[]): number[] {
  return [...BOUNDS, Number.POSITIVE_INFINITY].map((b) => values.filter((v) => v <= b).length);
}

describe('GapTally', () => {
  it('flushes values in the same buckets, with the same count and sum', () => {
    const gaps = [0.01, 0.01, 0.005, 0.05, 0.1, 0.3, 2, 0.1];
    const t = new GapTally(BOUNDS);
    for (const g of gaps) t.add(g);
    const seen: number[] = [];
    t.flush({ observe: (v) => seen.push(v) });
    assert.deepEqual(buckets(seen), buckets(gaps));
    assert.equal(seen.length, gaps.length);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum(seen) - sum(gaps)) < 1e-12);
  });

  it('flushes nothing when nothing was added', () => {
    const seen: number[] = [];
    new GapTally(BOUNDS).flush({ observe: (v) => seen.push(v) });
    assert.deepEqual(seen, []);
  });
});
