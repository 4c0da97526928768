/**
 * A kill -9 loses at most what was recorded since the last flush, and never
 * leaves a store that cannot be opened: a child process writes, is killed
 * with SIGKILL, and the file is reopened.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SloStore } from '../../src/store/index.ts';
import { withTempDir } from '../helpers/tools.ts';
import { DAY, T0 } from './store-helpers.ts';

const WRITER = join(import.meta.dirname, 'fixtures', 'crash-writer.ts');

/** Starts the writer and resolves with its child once `until` accepts a stdout line. */
function startWriter(file: string, mode: string, until: (line: string) => boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').some(until)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}${out}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function checkIntegrity(file: string): void {
  const db = new Database(file, { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
}

function storedRequests(file: string): number {
  const store = SloStore.open(file, { autoCompact: false });
  try {
    return store.window('production', T0 - DAY, T0 + DAY).requests;
  } finally {
    store.close();
  }
}

describe('crash safety', () => {
  it('keeps every flushed record after SIGKILL and loses only the unflushed batch', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'slo.db');
      const child = await startWriter(file, 'hold', (l) => l === 'holding');
      await killed(child);
      checkIntegrity(file);
      assert.equal(storedRequests(file), 1500);
    });
  });

  it('leaves whole transactions only when killed in the middle of flushing', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'slo.db');
      let last = 0;
      const child = await startWriter(file, 'loop', (l) => {
        const n = Number(/^flushed (\d+)$/.exec(l)?.[1] ?? 0);
        last = Math.max(last, n);
        return n >= 5000;
      });
      await killed(child);
      checkIntegrity(file);
      const n = storedRequests(file);
      assert.equal(n % 500, 0, `a partial flush was stored: ${n} requests`);
      assert.ok(n >= last, `${n} stored, but ${last} were reported flushed`);
    });
  });
});
