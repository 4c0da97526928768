/** Rollup threshold counts: merged by adding, exact only while every observation is covered. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyRollup, exactAbove, mergeInto, thresholdKey } from '../../src/engine/index.ts';

describe('rollup threshold counts', () => {
  it('key by kind and threshold in seconds', () => {
    assert.equal(thresholdKey('duration', 3), 'duration:3');
    assert.equal(thresholdKey('ttft', 0.5), 'ttft:0.5');
  });

  it('merge by adding above and covered, without sharing entries', () => {
    const a = emptyRollup();
    const b = emptyRollup();
    a.above.set('duration:3', { above: 1, covered: 4 });
    b.above.set('duration:3', { above: 2, covered: 5 });
    b.above.set('ttft:0.5', { above: 3, covered: 5 });
    const into = emptyRollup();
    mergeInto(into, a);
    mergeInto(into, b);
    assert.deepEqual(Object.fromEntries(into.above), {
      'duration:3': { above: 3, covered: 9 },
      'ttft:0.5': { above: 3, covered: 5 },
    });
    // The sources are unchanged by later merges.
    mergeInto(into, b);
    assert.deepEqual(a.above.get('duration:3'), { above: 1, covered: 4 });
    assert.deepEqual(b.above.get('ttft:0.5'), { above: 3, covered: 5 });
  });

  it('answer exactly only when covered equals the sketch count', () => {
    const r = emptyRollup();
    for (const v of [2.9, 3.001, 3.02]) r.duration.add(v);
    assert.equal(exactAbove(r, 'duration', 3), undefined);
    r.above.set(thresholdKey('duration', 3), { above: 2, covered: 3 });
    assert.equal(exactAbove(r, 'duration', 3), 2);
    // An observation nobody counted against 3 s (a row written without thresholds).
    r.duration.add(3.5);
    assert.equal(exactAbove(r, 'duration', 3), undefined);
    assert.equal(exactAbove(r, 'ttft', 3), undefined);
  });
});
