/**
 * The store as its owners use it: the background flush timer, compaction
 * from flush once an hour has passed, the gateway sink, close().
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { fanOut } from '../../src/gateway/measurement.ts';
import { SloStore } from '../../src/store/index.ts';
import { withTempDir } from '../helpers/tools.ts';
import { DAY, HOUR, MIN, measurement, T0 } from './store-helpers.ts';

function storedMinutes(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT COALESCE(SUM(requests), 0) FROM minutes').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('store lifecycle', () => {
  it('writes buffered records on its timer, without flush()', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'slo.db');
      const store = SloStore.open(file, { flushIntervalMs: 20, autoCompact: false });
      try {
        const sink = fanOut([store.sink()]);
        for (let i = 0; i < 10; i++) sink.record(measurement(T0 + i * 1000, 100));
        // Polls rather than assuming a time: the test only needs the timer to fire at all.
        for (let k = 0; k < 500 && storedMinutes(file) < 10; k++) await sleep(10);
        assert.equal(storedMinutes(file), 10);
      } finally {
        store.close();
      }
    });
  });

  it('compacts from flush once an hour has completed', () => {
    let now = T0 + 30 * MIN;
    const store = SloStore.open(':memory:', { now: () => now });
    try {
      store.record(measurement(T0 + 10 * MIN, 100));
      store.flush();
      store.window('production', T0, T0 + HOUR);
      assert.deepEqual(store.lastReadRows, { minutes: 1, hours: 0, days: 0 });
      now = T0 + HOUR + 5 * MIN;
      store.flush();
      const r = store.window('production', T0, T0 + HOUR);
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 1, days: 0 });
      assert.equal(r.requests, 1);
      now = T0 + DAY + MIN;
      store.flush();
      store.window('production', T0, T0 + DAY);
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 0, days: 1 });
    } finally {
      store.close();
    }
  });

  it('flushes on close and ignores records after it', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'slo.db');
      const store = SloStore.open(file, { flushIntervalMs: 3_600_000, autoCompact: false });
      store.record(measurement(T0, 100));
      store.close();
      store.record(measurement(T0, 100));
      store.close();
      assert.equal(storedMinutes(file), 1);
    });
  });
});
