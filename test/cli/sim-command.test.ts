/** `vllm-slo sim` refuses bad flags and fault files with clear messages and the right exit code. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseErrorRates } from '../../src/cli/flag-parsers-compound.ts';
import type { Output } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { withTempDir } from '../helpers/tools.ts';

async function run(...args: string[]) {
  const err: string[] = [];
  const o: Output = { out: () => {}, err: (l) => err.push(l), color: false };
  return { code: await main(['node', 'vllm-slo', 'sim', ...args], o), err: err.join('\n') };
}

describe('vllm-slo sim flags', () => {
  it('parses --errors STATUS=RATE lists', () => {
    assert.deepEqual(parseErrorRates('500=0.01,503=0.002'), { rates: { 500: 0.01, 503: 0.002 } });
    assert.ok('error' in parseErrorRates('502=0.1'));
    assert.ok('error' in parseErrorRates('500=2'));
  });

  it('usage errors exit 2 with a message', async () => {
    const bad = await run('--errors', '500=lots');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /'--errors <list>' argument '500=lots' is invalid\. expected STATUS=RATE pairs/);
    assert.equal((await run('--profile', '405b')).code, 2);
    const scale = await run('--time-scale', '0');
    assert.equal(scale.code, 2);
    assert.match(scale.err, /'--time-scale <n>' argument '0' is invalid\. expected a number above 0/);
  });

  it('error rates that sum above 1 are a usage error naming --errors (exit 2), not a failed start', async () => {
    const r = await run('--errors', '500=0.8,503=0.8', '--port', '0');
    assert.equal(r.code, 2);
    assert.match(r.err, /^vllm-slo sim: --errors: expected rates summing to at most 1, got 1\.6$/);
  });

  it('a bad fault schedule is reported with file:line:col and exits 2, as a bad spec', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'faults.yaml');
      writeFileSync(file, 'faults:\n  - at: 5x\n    for: 2m\n    latency: 5\n');
      const r = await run('--faults-file', file, '--port', '0');
      assert.equal(r.code, 2);
      assert.match(r.err, /faults\.yaml:2:\d+ faults\[0\]\.at: /);
    });
  });

  it('a fault schedule over 1 MiB is refused before it is read whole, exit 2', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'faults.yaml');
      writeFileSync(file, `faults: []\n# ${'x'.repeat(1024 * 1024)}\n`);
      const r = await run('--faults-file', file, '--port', '0');
      assert.equal(r.code, 2);
      assert.match(
        r.err,
        /faults\.yaml: is larger than 1048576 bytes \(1 MiB\), the most a fault schedule may be/,
      );
    });
  });
});
