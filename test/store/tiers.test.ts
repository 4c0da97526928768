/**
 * Tiering: quantiles within 1 % of exact, the same before and after
 * compaction (sketches merge exactly); a 30-day window read from day rows;
 * retention; late data for a period already rolled.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { seededRng } from '../../src/sim/rng.ts';
import { emptyRollup, type Rollup, SloStore } from '../../src/store/index.ts';
import { withTempDir } from '../helpers/tools.ts';
import { DAY, exactQuantile, HOUR, MIN, measurement, relativeError, T0 } from './store-helpers.ts';

const QUANTILES = [0.5, 0.95, 0.99];

function quantiles(r: Rollup): number[] {
  return QUANTILES.flatMap((q) => [r.duration.quantile(q) ?? Number.NaN, r.ttft.quantile(q) ?? Number.NaN]);
}

describe('quantiles across tiers', () => {
  it('stay within 1 % of exact, and compaction does not change them', () => {
    let now = T0 + 6 * HOUR;
    const store = SloStore.open(':memory:', { autoCompact: false, now: () => now });
    const rng = seededRng(5);
    const durations: number[] = [];
    const ttfts: number[] = [];
    try {
      for (let i = 0; i < 4000; i++) {
        const durationMs = rng.lognormal(1200, 0.6);
        const ttftMs = rng.lognormal(180, 0.5);
        durations.push(durationMs / 1000);
        ttfts.push(ttftMs / 1000);
        const at = T0 + Math.floor(rng.next() * 6 * HOUR);
        store.record(measurement(at, durationMs, { ttftMs, model: `m${i % 2}`, pod: `pod-${i % 3}` }));
      }
      durations.sort((a, b) => a - b);
      ttfts.sort((a, b) => a - b);
      store.flush();
      const fromMinutes = store.window('production', T0, T0 + 6 * HOUR);
      assert.equal(store.lastReadRows.hours, 0);
      // About one total row per minute of the six hours.
      assert.ok(store.lastReadRows.minutes > 300);
      const m0FromMinutes = store.window('production', T0, T0 + 6 * HOUR, { model: 'm0' });
      for (const q of QUANTILES) {
        const d = relativeError(fromMinutes.duration.quantile(q), exactQuantile(durations, q));
        const t = relativeError(fromMinutes.ttft.quantile(q), exactQuantile(ttfts, q));
        assert.ok(d < 0.01, `duration P${q * 100} off by ${(d * 100).toFixed(2)} %`);
        assert.ok(t < 0.01, `TTFT P${q * 100} off by ${(t * 100).toFixed(2)} %`);
      }

      now = T0 + DAY + HOUR;
      store.compact();
      const fromHours = store.window('production', T0, T0 + 6 * HOUR);
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 6, days: 0 });
      const fromDays = store.window('production', T0, T0 + DAY);
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 0, days: 1 });
      const m0FromDays = store.window('production', T0, T0 + DAY, { model: 'm0' });
      // Model m0 runs on all three pods: three series.
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 0, days: 3 });
      assert.deepEqual(quantiles(m0FromDays), quantiles(m0FromMinutes));
      assert.equal(m0FromDays.requests, 2000);
      for (const r of [fromHours, fromDays]) {
        assert.deepEqual(quantiles(r), quantiles(fromMinutes));
        assert.equal(r.duration.count, 4000);
        assert.ok(Math.abs(r.duration.sum - fromMinutes.duration.sum) < 1e-6);
      }
    } finally {
      store.close();
    }
  });
});

/** One collector delta per series per hour (at minute 1): 10 requests, `hour % 7` errors. */
function hourlyDelta(hour: number): Rollup {
  const r = emptyRollup();
  r.requests = 10;
  r.errorsTotal = hour % 7;
  if (r.errorsTotal > 0) r.errors.set('server:internal', r.errorsTotal);
  for (let i = 0; i < 10; i++) r.duration.add(0.5 + i / 10);
  return r;
}

const SERIES = [
  { model: 'llama', pod: 'pod-a' },
  { model: 'llama', pod: 'pod-b' },
];

describe('tiers over 40 days', () => {
  it('read a 30-day window from day rows, keep 35 days, and take late data', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'slo.db');
      let now = T0;
      const store = SloStore.open(file, { autoCompact: false, now: () => now });
      const expected = { requests: 0, errors: 0 };
      const windowFrom = T0 + 10 * DAY;
      const windowTo = T0 + 40 * DAY + 20 * MIN;
      try {
        for (let h = 0; h <= 40 * 24; h++) {
          const at = T0 + h * HOUR + MIN;
          for (const s of SERIES) store.add({ at, environment: 'production', ...s, rollup: hourlyDelta(h) });
          if (at >= windowFrom && at < windowTo) {
            expected.requests += 10 * SERIES.length;
            expected.errors += (h % 7) * SERIES.length;
          }
          // Compaction at the end of each day, as time passes.
          if (h % 24 === 23) {
            now = T0 + (h + 1) * HOUR;
            store.compact();
          }
        }
        now = windowTo;
        store.flush();
        // now - 30 d is 00:20, older than the minute rows kept: it snaps to the day's 00:00.
        const r = store.window('production', now - 30 * DAY, now);
        assert.equal(r.requests, expected.requests);
        assert.equal(r.errorsTotal, expected.errors);
        assert.equal(r.duration.count, expected.requests);
        assert.deepEqual(store.lastReadRows, { minutes: 1, hours: 0, days: 30 });
        store.window('production', now - 30 * DAY, now, { pod: 'pod-a' });
        assert.deepEqual(store.lastReadRows, { minutes: 1, hours: 0, days: 30 });

        // Retention (35 days, whole days): the last compaction ran at T0 + 40 d.
        assert.equal(store.window('production', T0, T0 + 5 * DAY).requests, 0);
        assert.equal(
          store.window('production', T0 + 5 * DAY, T0 + 6 * DAY).requests,
          24 * 10 * SERIES.length,
        );

        // A late delta for a rolled day lands in its minute, hour and day rows.
        const late = hourlyDelta(0);
        const at = T0 + 39 * DAY + 5 * HOUR + 7 * MIN;
        store.add({ at, environment: 'production', model: 'llama', pod: 'pod-a', rollup: late });
        store.flush();
        const day39 = store.window('production', T0 + 39 * DAY, T0 + 40 * DAY);
        assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 0, days: 1 });
        assert.equal(day39.requests, 24 * 10 * SERIES.length + 10);
        const hour = store.window('production', T0 + 39 * DAY + 5 * HOUR, T0 + 39 * DAY + 6 * HOUR);
        assert.equal(hour.requests, 10 * SERIES.length + 10);
        assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 1, days: 0 });
        const podA = store.window('production', T0 + 39 * DAY, T0 + 40 * DAY, { pod: 'pod-a' });
        assert.equal(podA.requests, 24 * 10 + 10);
      } finally {
        store.close();
      }
      const db = new Database(file, { readonly: true });
      try {
        const count = (sql: string) => db.prepare(sql).pluck().get() as number;
        assert.equal(count(`SELECT COUNT(*) FROM days WHERE start_ms < ${T0 + 5 * DAY}`), 0);
        assert.equal(count(`SELECT COUNT(*) FROM hours WHERE start_ms < ${T0 + 5 * DAY}`), 0);
        // Minute rows are kept for 2 days, in whole hours: those of day 38 and later.
        assert.equal(count(`SELECT MIN(start_ms) FROM minutes`), T0 + 38 * DAY + MIN);
        assert.equal(count('SELECT COUNT(*) FROM days'), 35 * SERIES.length);
      } finally {
        db.close();
      }
    });
  });

  it('keeps only retentionDays when configured shorter', () => {
    let now = T0;
    const store = SloStore.open(':memory:', {
      autoCompact: false,
      retentionDays: 3,
      keepMinutesDays: 1,
      now: () => now,
    });
    try {
      for (let d = 0; d < 6; d++)
        store.add({
          at: T0 + d * DAY + HOUR,
          environment: 'e',
          model: 'm',
          pod: 'p',
          rollup: hourlyDelta(1),
        });
      now = T0 + 6 * DAY;
      store.compact();
      store.compact();
      assert.deepEqual(
        store.series('e', T0, T0 + 6 * DAY, DAY).map((r) => r.requests),
        [0, 0, 0, 10, 10, 10],
      );
    } finally {
      store.close();
    }
  });
});
