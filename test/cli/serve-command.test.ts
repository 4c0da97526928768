/**
 * The long-running UI commands end to end, as users start them: `start`
 * (the README's `npm start`: the demo) and `serve` (collectors for the
 * spec's pods). Each prints its URL, answers the API and the UI, and stops
 * cleanly on SIGINT.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PodsDocument } from '../../src/api/index.ts';
import type { StatusDocument } from '../../src/engine/index.ts';
import { defaultSpecText } from '../../src/spec/index.ts';
import { sourceEdit } from '../helpers/spec.ts';
import { withTempDir } from '../helpers/tools.ts';
import { startPod } from '../sim/sim-harness.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vllm-slo.js');

interface Running {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
  url: string;
}

/** Spawns the CLI and waits (up to 60 s: the 2-core CI box is slow) for its UI line. */
async function launch(args: string[], cwd?: string): Promise<Running> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 600 && !/vllm-slo UI: (\S+)/.test(out) && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 100));
  const url = /vllm-slo UI: (http:\/\/[^/\s]+)/.exec(out)?.[1];
  if (!url) {
    child.kill('SIGKILL');
    assert.fail(`no UI URL printed:\n${out}`);
  }
  return { child, out: () => out, exited, url };
}

/** Runs a command that should end by itself (a refusal); its exit code and stderr. */
async function runToExit(args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, err };
}

async function json<T>(url: string): Promise<T> {
  const r = await fetch(url);
  assert.equal(r.status, 200, url);
  return (await r.json()) as T;
}

describe('vllm-slo start (the demo)', () => {
  it('runs the fleet, gateways, store and UI, and stops cleanly on SIGINT', async () => {
    const run = await launch(['start', '--port', '0', '--backfill-days', '1', '--incident-after', '600']);
    try {
      assert.match(run.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'loopback by default');
      const status = await json<StatusDocument>(`${run.url}/api/v1/status`);
      assert.deepEqual(
        status.environments.map((e) => e.environment),
        ['production', 'staging', 'development'],
      );
      const prod = status.environments[0]?.objectives.find((o) => o.name === 'availability');
      assert.ok(
        prod?.error_budget && prod.error_budget.consumed_minutes > 0,
        'the backfill shows in the budget',
      );
      const pods = await json<PodsDocument>(`${run.url}/api/v1/pods`);
      assert.deepEqual(
        ['production', 'staging', 'development'].map(
          (e) => pods.pods.filter((p) => p.environment === e).length,
        ),
        [3, 2, 1],
      );
      const page = await fetch(`${run.url}/`);
      assert.match(await page.text(), /\/assets\/app\.js/);
      const db = /store: (\S+)/.exec(run.out())?.[1] ?? '';
      assert.ok(existsSync(db), db);
      run.child.kill('SIGINT');
      assert.equal(await run.exited, 0, run.out());
      assert.match(run.out(), /stopped/);
      assert.ok(!existsSync(db), 'the demo store in the temp directory is removed');
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});

describe('vllm-slo start with a named store', () => {
  it('keeps the store, and does not backfill a store that already holds data', async () => {
    await withTempDir(async (dir) => {
      const db = join(dir, 'demo.db');
      const args = ['start', '--port', '0', '--backfill-days', '1', '--incident-after', '600', '--db', db];
      for (const round of [1, 2]) {
        const run = await launch(args);
        try {
          if (round === 1) assert.match(run.out(), /writing 1 days of history/);
          else assert.match(run.out(), /already holds data: no backfill/);
          run.child.kill('SIGINT');
          assert.equal(await run.exited, 0, run.out());
          assert.ok(existsSync(db), 'a named store is kept');
        } finally {
          run.child.kill('SIGKILL');
        }
      }
    });
  });
});

describe('vllm-slo serve', () => {
  it("collects the spec's pods into the store and shows them, until SIGINT", async () => {
    const pod = await startPod();
    try {
      await withTempDir(async (dir) => {
        const spec = join(dir, 'slo.yaml');
        const text = defaultSpecText()
          .replace(...sourceEdit('production', 'vllm'))
          .replace('    models: []', `    models: []\n    pods: ["${pod.url}"]`);
        writeFileSync(spec, text);
        const run = await launch([
          'serve',
          '--spec',
          spec,
          '--db',
          join(dir, 'slo.db'),
          '--port',
          '0',
          '--scrape-interval',
          '1',
        ]);
        try {
          assert.match(run.out(), /scraping 1 target/);
          let pods: PodsDocument = { pods: [] };
          for (let i = 0; i < 50 && !pods.pods[0]?.healthy; i++) {
            pods = await json<PodsDocument>(`${run.url}/api/v1/pods`);
            await new Promise((r) => setTimeout(r, 200));
          }
          assert.equal(pods.pods[0]?.url, `${pod.url.replace(/\/$/, '')}/metrics`, 'the scraped URL');
          assert.equal(pods.pods[0]?.healthy, true);
          assert.equal(pods.pods[0]?.in_flight, null, 'unknown when only scraped');
          run.child.kill('SIGINT');
          assert.equal(await run.exited, 0, run.out());
          assert.ok(existsSync(join(dir, 'slo.db')), 'the named store is kept');
        } finally {
          run.child.kill('SIGKILL');
        }
      });
    } finally {
      await pod.stop();
    }
  });

  it('names a port already in use and the flag that picks another', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const { code, err } = await runToExit(['serve', '--db', ':memory:', '--port', String(port)]);
      assert.equal(code, 1);
      assert.match(err, new RegExp(`127\\.0\\.0\\.1:${port} is already in use.*--port`));
      assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
    } finally {
      taken.close();
    }
  });

  it("refuses, with exit 2, to scrape a gateway for an environment measured by its pods' vLLM metrics", {
    timeout: 120_000,
  }, async () => {
    await withTempDir(async (dir) => {
      const spec = join(dir, 'slo.yaml');
      const text = defaultSpecText()
        .replace(...sourceEdit('production', 'vllm'))
        .replace('    models: []', '    models: []\n    pods: ["http://127.0.0.1:1"]');
      writeFileSync(spec, text);
      const { code, err } = await runToExit([
        'serve',
        '--spec',
        spec,
        '--db',
        ':memory:',
        '--port',
        '0',
        '--scrape-gateway',
        'production=http://127.0.0.1:2/metrics',
      ]);
      assert.equal(code, 2, err);
      assert.match(
        err,
        /--scrape-gateway "production=http:\/\/127\.0\.0\.1:2\/metrics": production is measured by vLLM's own metrics \(environments\.production\.source: vllm\).*twice/,
      );
      assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
    });
  });

  it('refuses a malformed --scrape-gateway with exit 2', async () => {
    const { code, err } = await runToExit(['serve', '--db', ':memory:', '--scrape-gateway', 'nowhere']);
    assert.equal(code, 2);
    assert.match(err, /'--scrape-gateway <env=url>' argument 'nowhere' is invalid\. expected ENV=URL/);
  });
});
