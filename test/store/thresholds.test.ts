/**
 * Exact counts against the configured thresholds: recorded with every
 * request, kept through the write buffer, minute rows, compaction into hours
 * and days, window and series reads; and not claimed where some rows were
 * written without them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exactAbove, type Rollup } from '../../src/engine/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { withTempDir } from '../helpers/tools.ts';
import { DAY, HOUR, MIN, measurement, T0 } from './store-helpers.ts';

const THRESHOLDS = { duration: [3], ttft: [0.5] };
// At, 0.1 % and 0.9 % above, well below and well above the threshold: 3 above 3 s, 3 above 0.5 s.
const DURATIONS_MS = [3000, 3003, 3027, 2000, 4000];
const TTFTS_MS = [500, 500.5, 504.5, 100, 900];

/** Records the five requests in minute `minute` of hour `hour`, on model `m{hour % 2}`. */
function recordHour(store: SloStore, hour: number, minute = 7): void {
  DURATIONS_MS.forEach((d, i) => {
    const at = T0 + hour * HOUR + minute * MIN + i * 1000;
    store.record(measurement(at, d, { ttftMs: TTFTS_MS[i] ?? 0, model: `m${hour % 2}` }));
  });
}

function assertExact(r: Rollup, hours: number, what: string): void {
  assert.equal(r.duration.count, 5 * hours, `${what}: count`);
  assert.equal(exactAbove(r, 'duration', 3), 3 * hours, `${what}: duration above 3 s`);
  assert.equal(exactAbove(r, 'ttft', 0.5), 3 * hours, `${what}: TTFT above 0.5 s`);
}

describe('threshold counts in the store', () => {
  it('stay exact from the buffer through minutes, hours and days', () => {
    let now = T0 + 6 * HOUR;
    const store = SloStore.open(':memory:', { autoCompact: false, now: () => now, thresholds: THRESHOLDS });
    try {
      for (let h = 0; h < 6; h++) recordHour(store, h);
      assertExact(store.window('production', T0, T0 + 6 * HOUR), 6, 'buffered');
      store.flush();
      assertExact(store.window('production', T0, T0 + 6 * HOUR), 6, 'minutes');
      assert.ok(store.lastReadRows.minutes > 0);
      assertExact(store.window('production', T0, T0 + 6 * HOUR, { model: 'm0' }), 3, 'minutes, m0');
      store.series('production', T0, T0 + 6 * HOUR, HOUR).forEach((r, h) => {
        assertExact(r, 1, `minute series, hour ${h}`);
      });

      now = T0 + DAY + HOUR;
      store.compact();
      assertExact(store.window('production', T0, T0 + 6 * HOUR), 6, 'hours');
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 6, days: 0 });
      assertExact(store.window('production', T0, T0 + DAY), 6, 'days');
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 0, days: 1 });
      assertExact(store.window('production', T0, T0 + DAY, { model: 'm1' }), 3, 'days, m1');
      store.series('production', T0, T0 + 6 * HOUR, HOUR).forEach((r, h) => {
        assertExact(r, 1, `hour series, hour ${h}`);
      });
    } finally {
      store.close();
    }
  });

  it('are not claimed for a window holding rows written without them', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'slo.db');
      let now = T0 + 2 * HOUR;
      const plain = SloStore.open(file, { autoCompact: false, now: () => now });
      recordHour(plain, 0, 1);
      plain.close();
      const exact = SloStore.open(file, { autoCompact: false, now: () => now, thresholds: THRESHOLDS });
      try {
        recordHour(exact, 0, 2);
        recordHour(exact, 1, 2);
        exact.flush();
        const mixed = windowOf(exact, T0, T0 + HOUR);
        assert.equal(mixed.duration.count, 10);
        assert.equal(exactAbove(mixed, 'duration', 3), undefined);
        assert.equal(exactAbove(mixed, 'ttft', 0.5), undefined);
        // The sketch still answers for the mixed window.
        assert.ok(mixed.duration.countAbove(3) >= 2);
        assertExact(windowOf(exact, T0 + 2 * MIN, T0 + HOUR), 1, 'minutes written with thresholds');
        now = T0 + DAY + HOUR;
        exact.compact();
        assert.equal(exactAbove(windowOf(exact, T0, T0 + HOUR), 'duration', 3), undefined);
        assertExact(windowOf(exact, T0 + HOUR, T0 + 2 * HOUR), 1, 'hour written with thresholds');
        assert.equal(exactAbove(windowOf(exact, T0, T0 + DAY), 'duration', 3), undefined);
      } finally {
        exact.close();
      }
    });
  });
});

function windowOf(store: SloStore, from: number, to: number): Rollup {
  return store.window('production', from, to);
}
