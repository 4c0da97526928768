/**
 * writeArtefacts writes each artefact under the output directory, creating
 * the directories it needs, and stops at the first that cannot be written
 * with an error that names the directory and lists what was written before.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Artefact, artefacts, BundleWriteError, writeArtefacts } from '../../src/bundle/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { withTempDir } from '../helpers/tools.ts';

const TWO: Artefact[] = [
  { path: 'a/one.yaml', content: 'one\n' },
  { path: 'b/two.yaml', content: 'two\n', notes: ['a note'] },
];

describe('writeArtefacts', () => {
  it('writes every artefact under the directory, in order, and says where', async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'out');
      const written = await writeArtefacts(out, TWO);
      assert.deepEqual(
        written.map((w) => [w.path, w.artefact.notes]),
        [
          [join(out, 'a/one.yaml'), undefined],
          [join(out, 'b/two.yaml'), ['a note']],
        ],
      );
      assert.equal(readFileSync(join(out, 'b/two.yaml'), 'utf8'), 'two\n');
    });
  });

  it("writes the default spec's files and Kubernetes objects", async () => {
    await withTempDir(async (dir) => {
      for (const format of ['files', 'kubernetes'] as const) {
        const files = artefacts(defaultSpec(), format);
        const written = await writeArtefacts(dir, files);
        assert.equal(written.length, files.length);
        assert.ok(written.every((w) => existsSync(w.path)));
      }
    });
  });

  it('names the directory it cannot create and lists what it wrote before', async () => {
    // /proc is Linux's: Node's own recursive mkdir spins there (issue 17).
    assert.ok(existsSync('/proc/self'), 'this test needs Linux /proc');
    await assert.rejects(writeArtefacts('/proc/nope', TWO), (err) => {
      assert.ok(err instanceof BundleWriteError, String(err));
      assert.equal(err.code, 'directory');
      assert.equal(err.reason, 'ENOENT');
      assert.equal(err.value, '/proc/nope');
      assert.match(err.message, /^\/proc\/nope: cannot create the directory \(ENOENT\)$/);
      assert.deepEqual(err.written, []);
      return true;
    });
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'b'), 'a file where a directory goes');
      await assert.rejects(writeArtefacts(dir, TWO), (err) => {
        assert.ok(err instanceof BundleWriteError, String(err));
        assert.match(err.message, /b: cannot create the directory \(a file, not a directory\)$/);
        assert.deepEqual(
          err.written.map((w) => w.path),
          [join(dir, 'a/one.yaml')],
        );
        return true;
      });
    });
  });
});
