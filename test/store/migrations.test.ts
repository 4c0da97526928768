/**
 * Migrations: an ordered list, each applied in its own transaction with its
 * version recorded; a failing one leaves the store at the previous version.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import { exactAbove, Sketch } from '../../src/engine/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { MIGRATIONS, type Migration, openDatabase, SCHEMA_VERSION } from '../../src/store/schema.ts';
import { encodeSketch } from '../../src/store/sketch-codec.ts';
import { withTempDir } from '../helpers/tools.ts';
import { HOUR, MIN, measurement, T0 } from './store-helpers.ts';

function version(db: Database.Database): string {
  return db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string;
}

describe('migrations', () => {
  it('apply the pending ones in order and keep the data', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'slo.db');
      const store = SloStore.open(file, { autoCompact: false, now: () => T0 + HOUR });
      store.record(measurement(T0, 100));
      store.close();
      const next: Migration = (db) => db.exec('ALTER TABLE minutes ADD COLUMN note TEXT');
      const db = openDatabase(file, 1000, [...MIGRATIONS, next]);
      try {
        assert.equal(version(db), String(SCHEMA_VERSION + 1));
        const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('minutes');
        assert.ok(columns.includes('note'));
        assert.equal(db.prepare('SELECT SUM(requests) FROM minutes').pluck().get(), 1);
      } finally {
        db.close();
      }
      // This version of the code now meets a newer store.
      assert.throws(() => SloStore.open(file), { name: 'StoreError', code: 'newer_schema' });
    });
  });

  it('roll a failing migration back entirely', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'slo.db');
      SloStore.open(file).close();
      const broken: Migration = (db) => {
        db.exec('CREATE TABLE half_done (x)');
        throw new Error('migration failed');
      };
      assert.throws(() => openDatabase(file, 1000, [...MIGRATIONS, broken]), /migration failed/);
      const db = openDatabase(file, 1000);
      try {
        assert.equal(version(db), String(SCHEMA_VERSION));
        const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
        assert.ok(!tables.includes('half_done'));
      } finally {
        db.close();
      }
    });
  });

  it('bring a version-1 store up to date; its rows read as not counted against thresholds', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'slo.db');
      // A store as schema version 1 wrote it: one minute of one 4 s request, in a series and the total.
      const old = openDatabase(file, 1000, MIGRATIONS.slice(0, 1));
      const sketch = new Sketch();
      sketch.add(4);
      for (const [table, model, pod] of [
        ['minutes', 'llama', 'pod-a'],
        ['env_minutes', '', ''],
      ])
        old
          .prepare(
            `INSERT INTO ${table} (environment, start_ms, model, pod, requests, errors_total, errors,
               cancellations, prompt_tokens, generation_tokens, duration, ttft)
             VALUES ('production', ?, ?, ?, 1, 0, NULL, 0, 0, 0, ?, ?)`,
          )
          .run(T0, model, pod, encodeSketch(sketch), encodeSketch(sketch));
      old.prepare("INSERT INTO environments (name) VALUES ('production')").run();
      assert.equal(version(old), '1');
      old.close();

      const thresholds = { duration: [3], ttft: [3] };
      const store = SloStore.open(file, { autoCompact: false, now: () => T0 + HOUR, thresholds });
      try {
        const before = store.window('production', T0, T0 + MIN);
        assert.equal(before.requests, 1);
        assert.equal(before.duration.countAbove(3), 1);
        assert.equal(exactAbove(before, 'duration', 3), undefined);
        store.record(measurement(T0 + MIN + 1000, 3010));
        store.flush();
        const after = store.window('production', T0 + MIN, T0 + 2 * MIN);
        assert.equal(exactAbove(after, 'duration', 3), 1);
        assert.equal(exactAbove(after, 'ttft', 3), 1);
      } finally {
        store.close();
      }
      const db = openDatabase(file, 1000);
      try {
        assert.equal(version(db), String(SCHEMA_VERSION));
        for (const t of ['minutes', 'hours', 'days', 'env_minutes', 'env_hours', 'env_days'])
          assert.ok(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t).includes('above'), t);
      } finally {
        db.close();
      }
    });
  });
});
