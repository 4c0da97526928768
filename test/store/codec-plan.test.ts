/** The sketch blob format and the window planner, on their own. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sketch } from '../../src/engine/sketch.ts';
import { SketchAccumulator } from '../../src/store/accumulator.ts';
import { decodeSketch, encodeSketch } from '../../src/store/sketch-codec.ts';
import { planWindow } from '../../src/store/time-tiers.ts';
import { DAY, HOUR, MIN, T0 } from './store-helpers.ts';

function sameSketch(a: Sketch, b: Sketch): void {
  assert.equal(a.zero, b.zero);
  assert.equal(a.count, b.count);
  assert.equal(a.sum, b.sum);
  assert.deepEqual(new Map([...a.counts].sort()), new Map([...b.counts].sort()));
}

describe('sketch blobs', () => {
  it('round-trip whole counts, sub-second and huge values, and the zero bucket', () => {
    const s = new Sketch();
    for (const v of [0, 1e-9, 0.001, 0.25, 0.2501, 1, 3, 3, 3, 600, 1e7, 1e12]) s.add(v);
    s.add(2.5, 3_000_000_000);
    const blob = encodeSketch(s);
    assert.ok(blob !== null);
    sameSketch(decodeSketch(blob), s);
  });

  it('keeps fractional counts exactly', () => {
    const s = Sketch.fromJSON([0.5, 3.25, 1.5, -70, 1.25, 12, 1.5]);
    sameSketch(decodeSketch(encodeSketch(s)), s);
  });

  it('stores an empty sketch as null', () => {
    assert.equal(encodeSketch(new Sketch()), null);
    sameSketch(decodeSketch(null), new Sketch());
  });

  it('is smaller than the JSON form', () => {
    const s = new Sketch();
    for (let i = 0; i < 2000; i++) s.add(0.5 * Math.exp(Math.sin(i) * 1.5));
    const blob = encodeSketch(s);
    assert.ok(blob !== null && blob.length * 2 < JSON.stringify(s.toJSON()).length);
  });

  it('merges blobs in an accumulator as Sketch.merge does', () => {
    const a = new Sketch();
    const b = new Sketch();
    for (let i = 1; i < 500; i++) {
      a.add(i / 100);
      b.add(i / 7);
    }
    b.add(1e20);
    const acc = new SketchAccumulator();
    acc.addBlob(encodeSketch(a));
    acc.addSketch(b);
    const merged = Sketch.fromJSON(a.toJSON());
    merged.merge(b);
    sameSketch(acc.take(), merged);
    sameSketch(acc.take(), new Sketch());
  });

  it('encodes a merge straight from the accumulator, buckets outside its array included', () => {
    const s = Sketch.fromJSON([1, 6, 10, -5000, 1, -3, 2, 0, 1, 40, 1, 5000, 1]);
    const acc = new SketchAccumulator();
    acc.addSketch(s);
    acc.addBlob(encodeSketch(s));
    const twice = Sketch.fromJSON(s.toJSON());
    twice.merge(s);
    const blob = acc.takeBlob();
    assert.deepEqual(blob, encodeSketch(twice));
    sameSketch(decodeSketch(blob), twice);
    assert.equal(acc.takeBlob(), null);
  });
});

describe('planWindow', () => {
  const wm = { hoursUntil: T0 + 10 * DAY, daysUntil: T0 + 10 * DAY, minutesFrom: T0 + 8 * DAY };

  it('uses days inside, hours around them, minutes at the edges', () => {
    const plan = planWindow(T0 + 8 * DAY + 90 * MIN, T0 + 10 * DAY + 150 * MIN, wm);
    assert.deepEqual(plan.segments, [
      { tier: 'minutes', from: T0 + 8 * DAY + 90 * MIN, to: T0 + 8 * DAY + 2 * HOUR },
      { tier: 'hours', from: T0 + 8 * DAY + 2 * HOUR, to: T0 + 9 * DAY },
      { tier: 'days', from: T0 + 9 * DAY, to: T0 + 10 * DAY },
      { tier: 'minutes', from: T0 + 10 * DAY, to: T0 + 10 * DAY + 150 * MIN },
    ]);
  });

  it('snaps edges to the nearest minute, or hour where minutes are gone', () => {
    const plan = planWindow(T0 + 2 * DAY + 29 * MIN + 59_000, T0 + 10 * DAY + 30_000, wm);
    assert.equal(plan.from, T0 + 2 * DAY);
    assert.equal(plan.to, T0 + 10 * DAY + MIN);
    const late = planWindow(T0 + 2 * DAY + 30 * MIN, T0 + 3 * DAY, wm);
    assert.equal(late.from, T0 + 2 * DAY + HOUR);
  });

  it('reads only minutes before anything is rolled', () => {
    const plan = planWindow(T0, T0 + 3 * DAY, { hoursUntil: 0, daysUntil: 0, minutesFrom: 0 });
    assert.deepEqual(plan.segments, [{ tier: 'minutes', from: T0, to: T0 + 3 * DAY }]);
  });

  it('plans nothing for a reversed window; a window ending inside a minute reads that minute', () => {
    assert.deepEqual(planWindow(T0 + DAY, T0, wm).segments, []);
    // "now" is inside the current minute: a status must include it.
    assert.deepEqual(planWindow(T0 + 9 * DAY, T0 + 9 * DAY + 10_000, wm).segments, [
      { from: T0 + 9 * DAY, tier: 'minutes', to: T0 + 9 * DAY + 60_000 },
    ]);
  });
});
