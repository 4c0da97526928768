/**
 * 10,000 requests through the gateway, a fifth of them abandoned by the
 * client at a random moment: afterwards no socket, in-flight request or
 * pod reservation is left, and the heap has not grown beyond noise.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, request } from 'undici';
import { profile } from '../../src/sim/index.ts';
import { chatBody } from '../sim/sim-harness.ts';
import { rig, until } from './gateway-harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('gateway under aborts', () => {
  it('leaks no sockets, reservations or heap over 10,000 requests with random client aborts', async () => {
    const r = await rig(2, { profile: profile('bench'), clock: undefined });
    const agent = new Agent({ connections: 64 });
    const model = r.pods[0]?.model ?? '';
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const one = async (i: number) => {
      const stream = i % 2 === 0;
      const abort = rand() < 0.2 ? new AbortController() : undefined;
      if (abort) setTimeout(() => abort.abort(), Math.floor(rand() * 5));
      try {
        const res = await request(`${r.gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: chatBody(model, { max_tokens: 32, ignore_eos: true, stream }),
          dispatcher: agent,
          ...(abort ? { signal: abort.signal } : {}),
        });
        await res.body.text();
      } catch {
        // Aborted by this test: expected.
      }
    };
    const run = async (n: number, from: number) => {
      let next = from;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < from + n) await one(next++);
        }),
      );
    };
    try {
      await run(1000, 0);
      const before = heapAfterGc();
      await run(10_000, 1000);
      await until(() => r.gateway.pool.pods().every((p) => p.outstanding === 0), 'pod reservations to drain');
      await agent.close();
      await until(async () => (await r.gateway.connections()) === 0, 'client connections to close');
      const text = await r.gateway.metrics.text();
      for (const line of text.split('\n').filter((l) => l.startsWith('vllm_requests_in_flight{')))
        assert.match(line, / 0$/, line);
      assert.ok(
        r.measured.some((m) => m.cancelled),
        'some requests were cancelled',
      );
      assert.ok(r.measured.filter((m) => !m.cancelled).length > 5000);
      assert.equal(r.measured.filter((m) => m.errorType !== undefined).length, 0);
      const growth = (heapAfterGc() - before) / 1024 / 1024;
      // The test itself keeps 11,000 measurements (~5 MB); more than that would be a leak.
      assert.ok(growth < 20, `heap grew ${growth.toFixed(1)} MiB`);
    } finally {
      await r.stop();
    }
  });
});
