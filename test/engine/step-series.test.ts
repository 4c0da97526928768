/** The arithmetic of charts, shared by both sources: steps, rolling budgets, the slowest pod. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  goodShare,
  remainingShares,
  slidingCounts,
  slidingSliceCounts,
  slowestPerStep,
  stepWindow,
} from '../../src/engine/index.ts';

describe('step series', () => {
  it('aligns steps to the step and counts the passed seconds of the last', () => {
    const w = stepWindow(180_000, 60_000, 600_030_000);
    assert.deepEqual(w.starts, [599_880_000, 599_940_000, 600_000_000]);
    assert.deepEqual([w.from, w.to, w.now], [599_880_000, 600_060_000, 600_030_000]);
    assert.deepEqual(w.seconds, [60, 60, 30]);
  });

  it('rolls the budget: the lead plus what entered minus what left, null without events', () => {
    const budget = 0.01;
    const lead = { bad: 1, total: 100 };
    const entered = [{ bad: 1, total: 100 }, undefined, { bad: 0, total: 100 }];
    const left = [undefined, { bad: 1, total: 100 }, { bad: 1, total: 100 }];
    // 2/200 = 1 % of a 1 % budget: none left; then 1/100, none; then 0/100, all of it.
    assert.deepEqual(remainingShares(slidingCounts(lead, entered, left), budget), [0, 0, 1]);
    assert.deepEqual(remainingShares(slidingCounts({ bad: 0, total: 0 }, [undefined], [undefined]), budget), [
      null,
    ]);
  });

  it('rolls timeslices as whole good or bad slices over the period', () => {
    // Period of 2 slices, 1 slice per step; slice target 0.9 (a slice is bad above 10 % bad).
    const units = [{ bad: 5, total: 10 }, { bad: 0, total: 10 }, undefined, { bad: 2, total: 10 }];
    // Step 0: the bad first slice leaves, the empty third does not count: 0 of 1 bad.
    // Step 1: the good second slice leaves, the bad fourth enters: 1 of 1, twice the budget of 0.5.
    assert.deepEqual(remainingShares(slidingSliceCounts(0.9, units, 2, 1, 2), 0.5), [1, -1]);
  });

  it('gives the good share and the slowest serving pod of each step', () => {
    assert.deepEqual(goodShare([{ bad: 1, total: 4 }, undefined]), [0.75, null]);
    assert.deepEqual(slowestPerStep(3, { a: [2, 0, null], b: [1, 3, null] }), [1, 3, null]);
  });
});
