/**
 * Burn-rate series (issue 11): the burn rate of a window ending at each
 * step's end, from sliding sums of per-step counts (occurrences) or of whole
 * timeslices, with the status document's arithmetic (budget.ts burnRate).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  burnRate,
  burnRates,
  slidingCounts,
  slidingSliceCounts,
  windowBurnRate,
} from '../../src/engine/index.ts';

describe('burn-rate series', () => {
  it('is the bad share over the budget, as status computes it; null without events', () => {
    assert.equal(windowBurnRate({ bad: 3, total: 1000 }, 0.999), burnRate(3 / 1000, 0.999));
    assert.equal(windowBurnRate({ bad: 3, total: 1000 }, 0.999), 3);
    assert.equal(windowBurnRate(undefined, 0.999), null);
    assert.equal(windowBurnRate({ bad: 0, total: 0 }, 0.999), null);
  });

  it('slides a window: the lead plus what entered minus what left', () => {
    const lead = { bad: 1, total: 100 };
    const entered = [{ bad: 1, total: 100 }, undefined, undefined];
    const left = [undefined, { bad: 1, total: 100 }, { bad: 1, total: 100 }];
    assert.deepEqual(slidingCounts(lead, entered, left), [
      { bad: 2, total: 200 },
      { bad: 1, total: 100 },
      undefined,
    ]);
    // 2 of 200 bad against a 1 % budget burns at 1; 1 of 100 too; an empty window has no rate.
    assert.deepEqual(burnRates(slidingCounts(lead, entered, left), 0.99), [1, 1, null]);
  });

  it('slides whole slices: a window of 2 slices, 1 slice a step, bad above 10 % bad', () => {
    const units = [{ bad: 5, total: 10 }, { bad: 0, total: 10 }, undefined, { bad: 2, total: 10 }];
    assert.deepEqual(slidingSliceCounts(0.9, units, 2, 1, 2), [
      { bad: 0, total: 1 },
      { bad: 1, total: 1 },
    ]);
    // A window of 1 slice, 2 slices a step (shorter than a step): only each step's last slice.
    assert.deepEqual(slidingSliceCounts(0.9, units, 1, 2, 2), [undefined, { bad: 1, total: 1 }]);
  });
});
