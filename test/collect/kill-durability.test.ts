/**
 * kill -9 durability (issue 17: a kill -9 of serve lost 13 to 22 s of
 * counts, 270 to 456 requests at 20 req/s): `vllm-slo serve
 * --scrape-gateway` collects a gateway under steady traffic, is killed with
 * SIGKILL mid-run and restarted on the same store. The collector's counter
 * values are stored with the rows they produced, so the restart continues
 * from them: at the end, after a last scrape closes the final interval, the
 * store's request count equals the gateway's own counter exactly.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { GatewayMetrics } from '../../src/gateway/gateway-metrics.ts';
import { defaultSpecText } from '../../src/spec/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { withTempDir } from '../helpers/tools.ts';
import { measurement } from '../store/store-helpers.ts';
import { closeServer, serveGateway } from './collector-harness.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vllm-slo.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** serve with a 1 s scrape interval against the gateway; its output is kept for failures. */
function serve(spec: string, db: string, gatewayUrl: string): { child: ChildProcess; out: () => string } {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--spec', spec, '--db', db, '--port', '0', '--scrape-interval', '1'].concat([
      '--scrape-gateway',
      `production=${gatewayUrl}`,
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return { child, out: () => out };
}

/** The stored last good scrape of the gateway target (0 while none), read as another process would. */
function lastScrape(db: string): number {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const v = conn
        .prepare("SELECT MAX(last_ok_ms) FROM scrape_targets WHERE kind = 'gateway'")
        .pluck()
        .get();
      return typeof v === 'number' ? v : 0;
    } finally {
      conn.close();
    }
  } catch {
    return 0;
  }
}

/** Waits (up to 60 s: a slow shared box) until a scrape later than `after` is stored. */
async function untilScrapedAfter(db: string, after: number, out: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (lastScrape(db) > after) return;
    await sleep(100);
  }
  assert.fail(`no scrape stored after ${new Date(after).toISOString()}:\n${out()}`);
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });

describe('kill -9 of serve while it collects a gateway', () => {
  it('loses no request: the store ends equal to the gateway counter', async () => {
    const gateway = new GatewayMetrics({
      environment: 'production',
      latencyThresholds: [3],
      ttftThresholds: [],
    });
    gateway.initSeries('llama', 'pod-a');
    gateway.setPodUp('pod-a', true);
    const server = await serveGateway(() => gateway);
    const url = `http://collector:s3cret@127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    let sent = 0;
    let traffic: NodeJS.Timeout | undefined;
    const children: ChildProcess[] = [];
    try {
      await withTempDir(async (dir) => {
        const spec = join(dir, 'slo.yaml');
        const db = join(dir, 'slo.db');
        writeFileSync(spec, defaultSpecText());
        const first = serve(spec, db, url);
        children.push(first.child);
        // Traffic starts after the first (baseline) scrape is stored: everything sent must be counted.
        await untilScrapedAfter(db, 0, first.out);
        traffic = setInterval(() => {
          for (let i = 0; i < 2; i++) {
            gateway.record(measurement(Date.now(), 200, { requestId: `r${sent}` }));
            sent++;
          }
        }, 20);
        await untilScrapedAfter(db, Date.now() + 2_000, first.out);
        await sleep(600);
        first.child.kill('SIGKILL');
        await exited(first.child);
        const killedAt = Date.now();
        await sleep(1_500);
        const second = serve(spec, db, url);
        children.push(second.child);
        await untilScrapedAfter(db, killedAt + 2_000, second.out);
        clearInterval(traffic);
        traffic = undefined;
        // A last scrape after the traffic stopped closes the final interval; SIGINT flushes it.
        await untilScrapedAfter(db, Date.now() + 100, second.out);
        second.child.kill('SIGINT');
        assert.equal(await exited(second.child), 0, second.out());
        const store = SloStore.open(db);
        try {
          const stored = store.window('production', 0, Date.now() + 3_600_000).requests;
          assert.ok(sent > 200, `${sent} requests sent`);
          assert.equal(stored, sent, `stored ${stored} of ${sent} requests\n${second.out()}`);
        } finally {
          store.close();
        }
      });
    } finally {
      if (traffic) clearInterval(traffic);
      for (const c of children) c.kill('SIGKILL');
      await closeServer(server);
    }
  });
});
