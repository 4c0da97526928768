/**
 * series() reads many windows with few queries; each of its steps must equal
 * window() over the same step, across tiers, snapped edges and the buffer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRng } from '../../src/sim/rng.ts';
import { type Rollup, SloStore } from '../../src/store/index.ts';
import { DAY, HOUR, MIN, measurement, T0 } from './store-helpers.ts';

function summary(r: Rollup): string {
  const errors = [...r.errors].sort().join(',');
  const q = [0.5, 0.99].map((x) => r.duration.quantile(x)?.toFixed(6)).join('/');
  return `${r.requests} ${r.errorsTotal} ${errors} ${r.duration.count} ${r.ttft.count} ${q} ${r.promptTokens}`;
}

describe('series', () => {
  it('equals window() step by step, over minutes, hours, days and the buffer', () => {
    const now = T0 + 4 * DAY + 3 * HOUR + 20 * MIN;
    const store = SloStore.open(':memory:', { keepMinutesDays: 1, autoCompact: false, now: () => now });
    const rng = seededRng(11);
    try {
      // Four days of traffic every ~5 minutes, a few errors; compacted, except the last 40 minutes, which stay buffered.
      const record = (t: number) => {
        const error =
          rng.next() < 0.1 ? { errorClass: 'server' as const, errorType: 'internal' as const } : {};
        store.record(measurement(t, rng.lognormal(800, 0.7), { pod: `pod-${t % 3}`, ...error }));
      };
      let t = T0;
      for (; t < now - 40 * MIN; t += Math.floor(rng.next() * 10 * MIN)) record(t);
      store.compact();
      for (; t < now; t += Math.floor(rng.next() * 10 * MIN)) record(t);
      store.window('production', T0, now);
      assert.ok(store.lastReadRows.days > 0 && store.lastReadRows.hours > 0);
      store.window('production', now - 3 * HOUR, now);
      assert.ok(store.lastReadRows.minutes > 0);
      const cases: [number, number, number][] = [
        [now - 3 * HOUR, now, MIN],
        [T0 + 2 * DAY + 50 * MIN, T0 + 2 * DAY + 5 * HOUR, 7 * MIN],
        [T0, now, HOUR],
        [T0 + 30 * MIN, now, DAY],
        [now - 26 * HOUR, now - 10 * MIN, 10 * MIN],
      ];
      for (const [from, to, step] of cases) {
        const series = store.series('production', from, to, step);
        const rows = store.lastReadRows;
        const windows: string[] = [];
        let windowRows = 0;
        for (let t = from; t < to; t += step) {
          windows.push(summary(store.window('production', t, Math.min(t + step, to))));
          const r = store.lastReadRows;
          windowRows += r.minutes + r.hours + r.days;
        }
        assert.deepEqual(series.map(summary), windows, `series ${new Date(from).toISOString()} step ${step}`);
        assert.equal(rows.minutes + rows.hours + rows.days, windowRows);
      }
      const total = store.series('production', T0, now, HOUR).reduce((n, r) => n + r.requests, 0);
      assert.equal(total, store.window('production', T0, now).requests);
      assert.ok(total > 1000);
    } finally {
      store.close();
    }
  });

  it('counts every hour once where only hour rows remain, at any step and edge alignment', () => {
    // Regression: 1-minute steps over hour rows read each hour twice (unaligned edges) or never (aligned).
    const now = T0 + 5 * DAY;
    const store = SloStore.open(':memory:', { keepMinutesDays: 1, autoCompact: false, now: () => now });
    try {
      for (let t = T0 + 30_000; t < now; t += 5 * MIN) store.record(measurement(t, 500));
      store.compact();
      const from = T0 + DAY;
      const to = T0 + 2 * DAY;
      const whole = store.window('production', from, to).requests;
      assert.equal(whole, (24 * 60) / 5);
      for (const offset of [0, 17_000, 29 * MIN + 43_000, 31 * MIN]) {
        for (const step of [MIN, 5 * MIN, HOUR]) {
          const series = store.series('production', from + offset, to + offset, step);
          const sum = series.reduce((n, r) => n + r.requests, 0);
          assert.equal(sum, whole, `offset ${offset / 1000} s, step ${step / MIN} min`);
          assert.ok(
            series.every((r) => r.requests === 0 || r.requests === 12),
            'an hour lands whole in one step',
          );
        }
      }
    } finally {
      store.close();
    }
  });
});
