/**
 * Reading spec files: every way a file can fail to be a spec comes back as a
 * problem naming the file (never a stack trace), and loadSpec throws one
 * SpecError carrying all of them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  DEFAULT_SPEC_PATH,
  formatProblem,
  loadSpec,
  type ParseResult,
  readSpec,
  SpecError,
} from '../../src/spec/index.ts';
import { withTempDir } from '../helpers/tools.ts';

const INDEX = join(import.meta.dirname, '..', '..', 'src', 'spec', 'index.ts');
const SEVERAL = join(import.meta.dirname, '..', 'fixtures', 'spec', 'invalid', 'several-problems.yaml');

function lines(r: ParseResult): string[] {
  assert.equal(r.ok, false, 'expected the spec to be rejected');
  return r.ok ? [] : r.problems.map(formatProblem);
}

/**
 * readSpec on a file its reader may not open. Root reads any file whatever its
 * mode (CAP_DAC_OVERRIDE), so as root the read runs in a child process that
 * keeps uid 0 but drops the two capabilities that bypass file modes (util-linux
 * setpriv), where chmod 000 really does deny it. The child stays root so it can
 * reach the checkout and node_modules wherever the clone is (a child run as
 * `nobody` could not when the clone sits under a root-only folder such as /root).
 */
function readUnreadable(path: string): string[] {
  const uid = process.getuid?.();
  if (uid !== 0) throw new Error('only called as root');
  const script = `import(${JSON.stringify(INDEX)}).then(async (m) => {
    const r = await m.readSpec(${JSON.stringify(path)}, 'slo.yaml');
    process.stdout.write(JSON.stringify(r.ok ? [] : r.problems.map(m.formatProblem)));
  });`;
  const drop = '-dac_override,-dac_read_search';
  const r = spawnSync(
    'setpriv',
    [`--bounding-set=${drop}`, `--inh-caps=${drop}`, process.execPath, '--import', 'tsx', '-e', script],
    { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' },
  );
  assert.ifError(
    r.error ? new Error(`setpriv (util-linux) is needed to test as root: ${r.error.message}`) : null,
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

describe('readSpec: files that are not readable specs', () => {
  test('a missing file names the file and suggests vllm-slo init', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'slo.yaml');
      assert.deepEqual(lines(await readSpec(path)), [
        `${path}: no such file (\`vllm-slo init\` writes the default spec)`,
      ]);
    });
  });

  test('the display name replaces the path in messages', async () => {
    await withTempDir(async (dir) => {
      const r = await readSpec(join(dir, 'nope.yaml'), 'nope.yaml');
      assert.deepEqual(lines(r), ['nope.yaml: no such file (`vllm-slo init` writes the default spec)']);
    });
  });

  test('a directory instead of a file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'slo.yaml');
      mkdirSync(path);
      assert.deepEqual(lines(await readSpec(path, 'slo.yaml')), [
        'slo.yaml: is a directory, expected a YAML file',
      ]);
    });
  });

  test('a file without read permission', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'slo.yaml');
      writeFileSync(path, 'apiVersion: vllm-slo/v1\n');
      chmodSync(path, 0o000);
      chmodSync(dir, 0o755);
      const got = process.getuid?.() === 0 ? readUnreadable(path) : lines(await readSpec(path, 'slo.yaml'));
      assert.deepEqual(got, ['slo.yaml: permission denied']);
    });
  });

  test('any other read error is named by its code', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'slo.yaml');
      symlinkSync(path, path);
      assert.deepEqual(lines(await readSpec(path, 'slo.yaml')), ['slo.yaml: cannot read (ELOOP)']);
    });
  });

  test('a binary file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'slo.yaml');
      writeFileSync(path, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x61, 0x3a]));
      assert.deepEqual(lines(await readSpec(path, 'slo.yaml')), [
        'slo.yaml: is a binary file, expected YAML text',
      ]);
    });
  });

  test('a zero-byte file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'slo.yaml');
      writeFileSync(path, '');
      assert.deepEqual(lines(await readSpec(path, 'slo.yaml')), [
        'slo.yaml: the file is empty: expected an SLO spec (`vllm-slo init` writes one)',
      ]);
    });
  });

  test('a scalar at the top instead of a mapping', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'slo.yaml');
      writeFileSync(path, 'hello\n');
      assert.deepEqual(lines(await readSpec(path, 'slo.yaml')), [
        'slo.yaml:1:1 expected a mapping with apiVersion, alerting and environments at the top, got "hello"',
      ]);
    });
  });
});

describe('loadSpec', () => {
  test('throws one SpecError carrying every problem', async () => {
    const err = await loadSpec(SEVERAL).then(
      () => assert.fail('loadSpec accepted an invalid spec'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SpecError, `expected a SpecError, got ${String(err)}`);
    assert.equal(err.code, 'invalid_spec');
    assert.equal(err.file, SEVERAL);
    assert.equal(err.problems.length, 5);
    const first = err.message.split('\n')[0];
    assert.equal(first, `${SEVERAL}: 5 problem(s)`);
    for (const p of err.problems) {
      assert.equal(p.file, SEVERAL);
      assert.ok(err.message.includes(formatProblem(p)), `message lacks ${formatProblem(p)}`);
    }
    assert.match(err.message, /target: must be above 0 and below 100, got 199$/m);
  });

  test('throws a SpecError, not a raw fs error, for a missing file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'missing.yaml');
      await assert.rejects(loadSpec(path), (e: unknown) => {
        assert.ok(e instanceof SpecError);
        assert.deepEqual(e.problems.map(formatProblem), [
          `${path}: no such file (\`vllm-slo init\` writes the default spec)`,
        ]);
        return true;
      });
    });
  });

  test('resolves the default spec', async () => {
    const spec = await loadSpec(DEFAULT_SPEC_PATH);
    assert.deepEqual(
      spec.environments.map((e) => e.name),
      ['production', 'staging', 'development'],
    );
  });
});
