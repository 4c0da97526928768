/**
 * writeDefaultSpec (`vllm-slo init`): writes the default spec's text, refuses
 * an existing file unless forced, and names a file it cannot write.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultSpecText, SpecWriteError, writeDefaultSpec } from '../../src/spec/index.ts';
import { rejectsWith } from '../helpers/rejects.ts';
import { withTempDir } from '../helpers/tools.ts';

describe('writeDefaultSpec', () => {
  it('writes the default spec, and over an existing file only when forced', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'slo.yaml');
      await writeDefaultSpec(file, false);
      assert.equal(readFileSync(file, 'utf8'), defaultSpecText());
      writeFileSync(file, 'mine');
      await rejectsWith(
        writeDefaultSpec(file, false),
        SpecWriteError,
        'exists',
        /slo\.yaml: already exists; use --force to overwrite it$/,
      );
      assert.equal(readFileSync(file, 'utf8'), 'mine');
      await writeDefaultSpec(file, true);
      assert.equal(readFileSync(file, 'utf8'), defaultSpecText());
    });
  });

  it('names a file it cannot write, with the reason', async () => {
    await rejectsWith(
      writeDefaultSpec('/nonexistent/dir/slo.yaml', false),
      SpecWriteError,
      'write',
      /^\/nonexistent\/dir\/slo\.yaml: cannot write \(ENOENT\)$/,
    );
  });
});
