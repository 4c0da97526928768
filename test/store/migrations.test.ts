/**
 * Migrations: an ordered list, each applied in its own transaction with its
 * version recorded; a failing one leaves the store at the previous version.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import { SloStore } from '../../src/store/index.ts';
import { MIGRATIONS, type Migration, openDatabase, SCHEMA_VERSION } from '../../src/store/schema.ts';
import { withTempDir } from '../helpers/tools.ts';
import { HOUR, measurement, T0 } from './store-helpers.ts';

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
});
