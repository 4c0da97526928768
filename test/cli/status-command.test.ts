/** `vllm-slo status`: exit codes and messages for missing stores and unreachable sources. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Output } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const o: Output = { out: (l) => out.push(l), err: (l) => err.push(l), color: false };
  return {
    code: await main(['node', 'vllm-slo', 'status', ...args], o),
    out: out.join('\n'),
    err: err.join('\n'),
  };
}

describe('vllm-slo status', () => {
  it('exits 2 naming a missing embedded store', async () => {
    const r = await run('--db', '/nonexistent/slo.db');
    assert.equal(r.code, 2);
    assert.match(r.err, /no embedded store at \/nonexistent\/slo\.db/);
  });

  it('exits 2 when Prometheus cannot be reached, or is not given', async () => {
    const r = await run('--source', 'prometheus', '--prometheus', 'http://127.0.0.1:1');
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot reach Prometheus at http:\/\/127\.0\.0\.1:1/);
    assert.equal((await run('--source', 'prometheus')).code, 2);
  });

  it('exits 2 for an unknown environment', async () => {
    const r = await run('--env', 'qa', '--db', '/nonexistent');
    assert.equal(r.code, 2);
    assert.match(r.err, /no environment "qa"/);
  });
});
