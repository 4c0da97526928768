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
});
