/**
 * What serve and the demo run, started and stopped without the CLI: they
 * log through callbacks, and a store or port they cannot use is a ServeError
 * (the CLI exits 1 with its message) that leaves nothing running.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import {
  type EmbeddedServeOptions,
  ServeError,
  ServerError,
  startDemoServe,
  startEmbeddedServe,
  stopAll,
} from '../../src/server/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const LISTEN = { spec: defaultSpec(), host: '127.0.0.1', port: 0 };
const EMBEDDED: EmbeddedServeOptions = {
  ...LISTEN,
  targets: [],
  db: ':memory:',
  scrapeIntervalMs: 60_000,
  evaluationIntervalMs: 60_000,
  onLine: () => {},
};

describe('startEmbeddedServe and startDemoServe', () => {
  let taken: Server;
  let takenPort = 0;
  before(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    takenPort = (taken.address() as { port: number }).port;
  });
  after(() => taken.close());

  it('serves the UI over the store and stops', async () => {
    const running = await startEmbeddedServe(EMBEDDED);
    assert.match(running.monitor.server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${running.monitor.server.url}/api/v1/status`);
    assert.equal(res.status, 200);
    await running.stop();
  });

  it('names a store directory it cannot create (store) and a port in use (start)', async () => {
    await assert.rejects(startEmbeddedServe({ ...EMBEDDED, db: '/proc/nope/slo.db' }), (err) => {
      assert.ok(err instanceof ServeError, String(err));
      assert.equal(err.code, 'store');
      assert.equal(err.message, '/proc/nope: cannot create the directory (ENOENT)');
      return true;
    });
    await assert.rejects(startEmbeddedServe({ ...EMBEDDED, port: takenPort }), (err) => {
      assert.ok(err instanceof ServeError, String(err));
      assert.equal(err.code, 'start');
      assert.ok(
        err.cause instanceof ServerError,
        'the cause is the server error the CLI gives a --port hint for',
      );
      assert.equal(err.expected, 'a free port');
      return true;
    });
  });

  it('stops the demo it started when the UI cannot start, and removes its temporary store', async () => {
    const notes: string[] = [];
    const demoDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('vllm-slo-demo-'));
    const before = new Set(demoDirs());
    await assert.rejects(
      startDemoServe({
        ...LISTEN,
        port: takenPort,
        backfillDays: 0,
        incidentAfterMs: 3_600_000,
        seed: 1,
        onNote: (line) => notes.push(line),
        onLine: () => {},
      }),
      (err) => err instanceof ServeError && err.code === 'start' && err.cause instanceof ServerError,
    );
    assert.deepEqual(notes, []);
    assert.deepEqual(
      demoDirs().filter((d) => !before.has(d)),
      [],
      'no temporary store is left behind',
    );
  });
});

describe('stopAll', () => {
  it('runs every step when one fails, then throws the first failure', async () => {
    const ran: string[] = [];
    const first = new Error('collector');
    await assert.rejects(
      stopAll([
        () => ran.push('monitor'),
        () => {
          ran.push('collector');
          throw first;
        },
        () => {
          ran.push('store');
          throw new Error('store');
        },
        () => ran.push('last'),
      ]),
      (err) => err === first,
    );
    assert.deepEqual(ran, ['monitor', 'collector', 'store', 'last']);
  });
});
