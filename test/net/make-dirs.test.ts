/**
 * makeDirs ends where Node's recursive mkdir spins: a parent that exists but
 * cannot hold the child (procfs answers ENOENT), and a parent that is a file.
 * `generate -o /proc/nope` spun at full CPU for ever before (issue 17).
 */
import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MakeDirError, makeDirs } from '../../src/net/index.ts';
import { withTempDir } from '../helpers/tools.ts';

describe('makeDirs', () => {
  it('creates missing parents and accepts existing ones', async () => {
    await withTempDir(async (dir) => {
      await makeDirs(join(dir, 'a', 'b', 'c'));
      assert.ok(statSync(join(dir, 'a', 'b', 'c')).isDirectory());
      await makeDirs(join(dir, 'a', 'b'));
      await makeDirs(dir);
    });
  });

  it('names the directory it cannot create: under /proc, and under a file', async () => {
    // /proc is Linux's; the project's CI and users' servers run Linux.
    assert.ok(existsSync('/proc/self'), 'this test needs Linux /proc');
    await assert.rejects(
      makeDirs('/proc/nope/prometheus'),
      (err) => err instanceof MakeDirError && err.path === '/proc/nope' && /ENOENT/.test(err.message),
    );
    await withTempDir(async (dir) => {
      const file = join(dir, 'file');
      writeFileSync(file, '');
      await assert.rejects(
        makeDirs(join(file, 'x')),
        (err) =>
          err instanceof MakeDirError && err.path === file && /a file, not a directory/.test(err.message),
      );
    });
  });
});
