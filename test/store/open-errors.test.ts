/**
 * Files that are not a usable store give a StoreError naming the file and
 * saying what to do, never a SQLite stack trace; a good store reopens with
 * its data and identity.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SloStore, StoreError, type StoreErrorCode } from '../../src/store/index.ts';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/store/schema.ts';
import { withTempDir } from '../helpers/tools.ts';
import { HOUR, MIN, measurement, T0 } from './store-helpers.ts';

function expectStoreError(fn: () => unknown, code: StoreErrorCode, file: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof StoreError, `not a StoreError: ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, file);
    assert.ok(err.message.includes(file), `the message names the file: ${err.message}`);
    return true;
  });
}

function writeStore(file: string, requests: number): void {
  const store = SloStore.open(file, { autoCompact: false, now: () => T0 + HOUR });
  for (let i = 0; i < requests; i++)
    store.record(measurement(T0 + (i % 60) * MIN, 100 + i, { pod: `pod-${i % 5}` }));
  store.close();
}

describe('opening store files', () => {
  it('creates a new store, and reopens it with its data, identity and WAL journal', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'slo.db');
      writeStore(file, 100);
      const store = SloStore.open(file, { autoCompact: false });
      try {
        assert.equal(store.window('production', T0, T0 + HOUR).requests, 100);
      } finally {
        store.close();
      }
      const db = new Database(file, { readonly: true });
      try {
        assert.equal(db.pragma('application_id', { simple: true }), APPLICATION_ID);
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        const meta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
        assert.equal(meta.get('app'), 'vllm-slo');
        assert.equal(meta.get('schema_version'), String(SCHEMA_VERSION));
      } finally {
        db.close();
      }
    });
  });

  it('takes an empty file as a new store', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'empty.db');
      writeFileSync(file, '');
      SloStore.open(file).close();
      assert.ok(statSync(file).size > 0);
    });
  });

  it('refuses a file that is not SQLite', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'garbage.db');
      writeFileSync(file, 'this is not a database, just some text that is long enough '.repeat(100));
      expectStoreError(() => SloStore.open(file), 'corrupt', file);
    });
  });

  it('refuses a SQLite database of another program', async () => {
    await withTempDir((dir) => {
      const plain = join(dir, 'plain.db');
      const other = new Database(plain);
      other.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)');
      other.close();
      expectStoreError(() => SloStore.open(plain), 'foreign', plain);

      const tagged = join(dir, 'tagged.db');
      const app = new Database(tagged);
      app.pragma('application_id = 1234');
      app.close();
      expectStoreError(() => SloStore.open(tagged), 'foreign', tagged);
    });
  });

  it('refuses a store of a newer schema', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'newer.db');
      writeStore(file, 1);
      const db = new Database(file);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1));
      db.close();
      expectStoreError(() => SloStore.open(file), 'newer_schema', file);
    });
  });

  it('reports a damaged store as corrupt', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'damaged.db');
      writeStore(file, 5000);
      const size = statSync(file).size;
      assert.ok(size > 3 * 4096, `store too small to damage: ${size}`);
      // Overwrite every page but the first (the header and schema) with noise.
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(size - 4096, 0xab), 0, size - 4096, 4096);
      closeSync(fd);
      expectStoreError(
        () => {
          const store = SloStore.open(file, { autoCompact: false });
          try {
            store.window('production', T0, T0 + HOUR);
          } finally {
            store.close();
          }
        },
        'corrupt',
        file,
      );
    });
  });

  it('reports a directory or a missing directory as unreadable', async () => {
    await withTempDir((dir) => {
      const sub = join(dir, 'sub');
      mkdirSync(sub);
      expectStoreError(() => SloStore.open(sub), 'unreadable', sub);
      const missing = join(dir, 'nope', 'slo.db');
      expectStoreError(() => SloStore.open(missing), 'unreadable', missing);
    });
  });

  it('reports a store another process holds exclusively as locked', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'locked.db');
      writeStore(file, 1);
      const holder = new Database(file);
      try {
        holder.pragma('locking_mode = EXCLUSIVE');
        holder.exec('BEGIN EXCLUSIVE');
        expectStoreError(() => SloStore.open(file, { busyTimeoutMs: 50 }), 'locked', file);
      } finally {
        holder.close();
      }
      SloStore.open(file).close();
    });
  });
});
