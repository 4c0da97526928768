/**
 * Embedded-mode alert delivery: to a real Alertmanager through its v2 API,
 * and to a webhook with no duplicates and retries after failures.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { AlertNotifier } from '../../src/alerting/index.ts';
import { type AlertCondition, AlertStates, alertKey } from '../../src/engine/index.ts';
import { startAlertmanager } from './alertmanager-harness.ts';
import { webhook } from './webhook-harness.ts';

const labels = { environment: 'production', severity: 'critical', slo: 'availability' };
const cond: AlertCondition = {
  key: alertKey('VllmErrorBudgetBurn', labels),
  alertname: 'VllmErrorBudgetBurn',
  labels,
  annotations: { summary: 'burning' },
  forMs: 0,
};

describe('alert notifier', () => {
  it('a webhook gets firing once and resolved once; a failed send is retried, not lost', async () => {
    const hook = await webhook();
    const { got } = hook;
    hook.fail(1);
    const notifier = new AlertNotifier({ webhookUrl: hook.url });
    try {
      const states = new AlertStates();
      await notifier.deliver(states.evaluate(0, [cond]), states.firing());
      assert.equal(got.length, 0, 'the first send failed');
      assert.equal(notifier.snapshot().waiting, 1);
      // The retry comes after a 1 s backoff: waited for, not timed (a loaded machine may be late).
      for (let i = 0; i < 500 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
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
      await hook.close();
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
    const am = await startAlertmanager();
    const notifier = new AlertNotifier({ alertmanagerUrl: am.url });
    try {
      const states = new AlertStates();
      await notifier.deliver(states.evaluate(Date.now(), [cond]), states.firing());
      const active = await am.active();
      assert.deepEqual(
        active.map((a) => a.labels.alertname),
        ['VllmErrorBudgetBurn'],
      );
      assert.equal(active[0]?.labels.slo, 'availability');
      await notifier.deliver(states.evaluate(Date.now(), []), states.firing());
      assert.deepEqual(await am.active(), []);
    } finally {
      notifier.stop();
      await am.stop();
    }
  });
});
