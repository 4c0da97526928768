/**
 * A whole environment in one command: `vllm-slo sim --pods N` starts N pods
 * on consecutive ports with their own names and schedulers, prints their URLs
 * and stops cleanly on Ctrl-C. Also: /metrics of a live pod under promtool.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { manualClock, profile, startFleet } from '../../src/sim/index.ts';
import { runTool } from '../helpers/tools.ts';
import { advance, waitForArrival, whileAdvancing } from './manual-drive.ts';
import { chatBody, raw } from './sim-harness.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vllm-slo.js');

/** A port whose next two are free too (checked, then released: a small race, fine on a test machine). */
async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const ok = await Promise.all(
      Array.from(
        { length: count },
        (_, i) =>
          new Promise<boolean>((resolve) => {
            const s = createServer();
            s.once('error', () => resolve(false));
            s.listen(base + i, '127.0.0.1', () => s.close(() => resolve(true)));
          }),
      ),
    );
    if (ok.every(Boolean)) return base;
  }
  throw new Error('no free port range');
}

describe('simulated fleet', () => {
  it('runs pods with their own names, ports and schedulers', async () => {
    const port = await freePortRun(3);
    // One manual clock for the fleet: the request is still running when the test looks, however slow the machine.
    const clock = manualClock();
    const fleet = await startFleet({ pods: 3, environment: 'staging', profile: profile('7b'), port, clock });
    try {
      assert.deepEqual(
        fleet.pods.map((p) => [p.name, p.url]),
        [0, 1, 2].map((i) => [`vllm-staging-${i}`, `http://127.0.0.1:${port + i}`]),
      );
      // Load on pod 0 only: pod 1's scheduler stays empty.
      const before = clock.pending();
      const busy = raw(`${fleet.pods[0]?.url}/v1/chat/completions`, {
        body: chatBody(fleet.pods[0]?.model ?? '', { max_tokens: 30, ignore_eos: true }),
      });
      await waitForArrival(clock, before);
      await advance(clock, 80);
      assert.equal(fleet.pods[0]?.engine.stats().running, 1);
      assert.equal(fleet.pods[1]?.engine.stats().running, 0);
      assert.equal((await whileAdvancing(clock, busy)).status, 200);
    } finally {
      await fleet.stop();
    }
  });

  it('/metrics of a live pod passes promtool check metrics, except for the colons in vLLM names', async () => {
    const fleet = await startFleet({
      pods: 1,
      environment: 'production',
      profile: profile('bench'),
      port: 0,
    });
    try {
      const url = fleet.pods[0]?.url ?? '';
      await raw(`${url}/v1/chat/completions`, { body: chatBody(fleet.pods[0]?.model ?? '') });
      const text = (await raw(`${url}/metrics`)).body;
      assert.match(text, /^vllm:e2e_request_latency_seconds_count\{model_name="sim\/bench",engine="0"\} 1$/m);
      const r = runTool('promtool', ['check', 'metrics'], { input: text });
      const lines = `${r.stdout}${r.stderr}`.split('\n').filter(Boolean);
      assert.ok(lines.length > 0);
      for (const line of lines) assert.match(line, /^vllm:\w+ metric names should not contain ':'$/);
    } finally {
      await fleet.stop();
    }
  });

  it('vllm-slo sim --pods 2 prints each URL and stops on SIGINT', async () => {
    const port = await freePortRun(2);
    const child = spawn(
      process.execPath,
      [BIN, 'sim', '--pods', '2', '--environment', 'production', '--profile', '7b', '--port', String(port)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 100 && !out.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(out, new RegExp(`vllm-production-0  http://127\\.0\\.0\\.1:${port}\\n`));
      assert.match(out, new RegExp(`vllm-production-1  http://127\\.0\\.0\\.1:${port + 1}\\n`));
      assert.equal((await raw(`http://127.0.0.1:${port + 1}/health`)).status, 200);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.match(out, /stopped/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
