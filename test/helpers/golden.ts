/**
 * Golden-file comparison. `UPDATE_GOLDEN=1 npm test` rewrites the files in
 * test/golden/ after a deliberate change; review the diff before committing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const GOLDEN_DIR = join(import.meta.dirname, '..', 'golden');

/** Asserts that `actual` equals test/golden/<name>. */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI === 'true' && !existsSync(path))
      assert.fail(`golden file ${name} is missing; run UPDATE_GOLDEN=1 npm test`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `output differs from test/golden/${name} (UPDATE_GOLDEN=1 to accept)`,
  );
}
