/**
 * Embedded-mode alert delivery: to a real Alertmanager through its v2 API,
 * and to a webhook with no duplicates and retries after failures.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AlertNotifier } from '../../src/alerting/index.ts';
import { type AlertCondition, AlertStates, alertKey } from '../../src/engine/index.ts';
import { requireTool } from '../helpers/tools.ts';

const labels = { environment: 'production', severity: 'critical', slo: 'availability' };
const cond: AlertCondition = {
  key: alertKey('VllmErrorBudgetBurn', labels),
  alertname: 'VllmErrorBudgetBurn',
  labels,
  annotations: { summary: 'burning' },
  forMs: 0,
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

describe('alert notifier', () => {
  it('a webhook gets firing once and resolved once; a failed send is retried, not lost', async () => {
    const got: Array<{ status: string; alerts: unknown[] }> = [];
    let failNext = 1;
    const srv = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (failNext-- > 0) {
          res.writeHead(503).end();
          return;
        }
        got.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const notifier = new AlertNotifier({
      webhookUrl: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`,
    });
    try {
      const states = new AlertStates();
      await notifier.deliver(states.evaluate(0, [cond]), states.firing());
      assert.equal(got.length, 0, 'the first send failed');
      assert.equal(notifier.snapshot().waiting, 1);
      await new Promise((r) => setTimeout(r, 1300));
      assert.deepEqual(
        got.map((g) => g.status),
        ['firing'],
      );
      await notifier.deliver(states.evaluate(60_000, [cond]), states.firing());
      assert.equal(got.length, 1, 'still firing: nothing new for the webhook');
      await notifier.deliver(states.evaluate(120_000, []), states.firing());
      assert.deepEqual(
        got.map((g) => g.status),
        ['firing', 'resolved'],
      );
    } finally {
      notifier.stop();
      await new Promise((r) => srv.close(r));
    }
  });

  it('a retry and a new send at the same moment post the waiting alerts once', async () => {
    let posts = 0;
    const held: Array<() => void> = [];
    const srv = createServer((req, res) => {
      posts++;
      req.resume();
      // Answer only when the test says, so the second flush starts while the first is in flight.
      req.on('end', () => held.push(() => res.writeHead(200).end()));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const notifier = new AlertNotifier({
      webhookUrl: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`,
    });
    try {
      const states = new AlertStates();
      const first = notifier.deliver(states.evaluate(0, [cond]), states.firing());
      const second = notifier.flush();
      while (held.length === 0) await new Promise((r) => setImmediate(r));
      for (const release of held.splice(0)) release();
      await Promise.all([first, second]);
      assert.equal(posts, 1);
      assert.equal(notifier.snapshot().waiting, 0);
    } finally {
      notifier.stop();
      await new Promise((r) => srv.close(r));
    }
  });

  it('a real Alertmanager receives firing alerts and their resolution through /api/v2/alerts', async () => {
    requireTool('prometheus-alertmanager');
    const dir = mkdtempSync(join(tmpdir(), 'vllm-slo-am-'));
    writeFileSync(join(dir, 'am.yml'), 'route: { receiver: none }\nreceivers: [{ name: none }]\n');
    const port = await freePort();
    const am = spawn(
      'prometheus-alertmanager',
      [
        `--config.file=${join(dir, 'am.yml')}`,
        `--storage.path=${dir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: 'ignore' },
    );
    const url = `http://127.0.0.1:${port}`;
    const notifier = new AlertNotifier({ alertmanagerUrl: url });
    try {
      for (let i = 0; i < 100; i++) {
        const ok = await fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const states = new AlertStates();
      await notifier.deliver(states.evaluate(Date.now(), [cond]), states.firing());
      const active = (await (await fetch(`${url}/api/v2/alerts?active=true`)).json()) as Array<{
        labels: Record<string, string>;
      }>;
      assert.deepEqual(
        active.map((a) => a.labels.alertname),
        ['VllmErrorBudgetBurn'],
      );
      assert.equal(active[0]?.labels.slo, 'availability');
      await notifier.deliver(states.evaluate(Date.now(), []), states.firing());
      const after = (await (await fetch(`${url}/api/v2/alerts?active=true`)).json()) as unknown[];
      assert.equal(after.length, 0);
    } finally {
      notifier.stop();
      am.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
