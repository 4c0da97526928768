/**
 * readFaultSchedule (src/sim/fault-schedule-file.ts): the file behind
 * `vllm-slo sim --faults-file`, read capped as a spec and every failure a
 * problem line naming the file, never a throw.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseFaultSchedule } from '../../src/sim/fault-schedule.ts';
import { readFaultSchedule } from '../../src/sim/fault-schedule-file.ts';
import { withTempDir } from '../helpers/tools.ts';

const VALID = join(import.meta.dirname, '..', 'fixtures', 'sim', 'fault-schedule', 'valid.yaml');

describe('readFaultSchedule', () => {
  it('reads a valid file into the schedule parseFaultSchedule gives for its text', async () => {
    const r = await readFaultSchedule(VALID);
    assert.deepEqual(r, parseFaultSchedule(readFileSync(VALID, 'utf8'), VALID));
    assert.ok(r.ok && r.schedule.length > 0);
  });

  it('turns a missing file and a directory into a problem naming the file and the error code', async () => {
    await withTempDir(async (dir) => {
      const missing = join(dir, 'missing.yaml');
      assert.deepEqual(await readFaultSchedule(missing), {
        ok: false,
        problems: [`${missing}: cannot read (ENOENT)`],
      });
      assert.deepEqual(await readFaultSchedule(dir), {
        ok: false,
        problems: [`${dir}: cannot read (EISDIR)`],
      });
    });
  });

  it('refuses a file past 1 MiB as a spec is refused', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'faults.yaml');
      writeFileSync(file, `faults: []\n# ${'x'.repeat(1024 * 1024)}\n`);
      assert.deepEqual(await readFaultSchedule(file), {
        ok: false,
        problems: [`${file}: is larger than 1048576 bytes (1 MiB), the most a fault schedule may be`],
      });
    });
  });

  it('reports a bad schedule with file:line:col and the field path', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'faults.yaml');
      writeFileSync(file, 'faults:\n  - at: 5x\n    for: 2m\n    latency: 5\n');
      const r = await readFaultSchedule(file);
      assert.equal(r.ok, false);
      assert.ok(!r.ok);
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0] ?? '', /^.*faults\.yaml:2:\d+ faults\[0\]\.at: /);
    });
  });
});
