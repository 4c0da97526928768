/**
 * The embedded-mode alert loop: states over evaluations on a manual clock,
 * delivery to a webhook without duplicates and with retries, failed
 * evaluations that change nothing, no overlap, and a real Alertmanager
 * receiving the alerts of the embedded store's conditions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertDeliveryError, AlertLoop, AlertNotifier, alertConditions } from '../../src/alerting/index.ts';
import { type AlertCondition, alertKey } from '../../src/engine/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { everyTenthFails, recordRequests } from '../store/store-helpers.ts';
import { startAlertmanager } from './alertmanager-harness.ts';
import { deferred, webhook } from './webhook-harness.ts';

function condition(alertname: string, severity: string, forMs: number): AlertCondition {
  const labels = { environment: 'production', severity };
  return { key: alertKey(alertname, labels), alertname, labels, annotations: { summary: 's' }, forMs };
}

const errorRate = condition('VllmErrorRateHigh', 'high', 600_000);
const burn = condition('VllmErrorBudgetBurn', 'critical', 0);

describe('alert loop', () => {
  it('pending, then firing after `for`, then resolved; resolved kept newest first for keepResolvedMs', async () => {
    let now = 0;
    let holding: AlertCondition[] = [errorRate, burn];
    const loop = new AlertLoop({
      conditions: async () => holding,
      now: () => now,
      keepResolvedMs: 3_600_000,
    });
    assert.deepEqual(
      (await loop.evaluateOnce(0)).map((t) => `${t.kind} ${t.alert.alertname}`),
      ['firing VllmErrorBudgetBurn'],
    );
    assert.deepEqual(
      loop.snapshot().pending.map((a) => a.alertname),
      ['VllmErrorRateHigh'],
    );
    assert.deepEqual(await loop.evaluateOnce(300_000), []);
    assert.deepEqual(
      (await loop.evaluateOnce(600_000)).map((t) => `${t.kind} ${t.alert.alertname}`),
      ['firing VllmErrorRateHigh'],
    );
    assert.deepEqual(loop.snapshot().pending, []);
    assert.equal(loop.snapshot().firing.length, 2);
    holding = [errorRate];
    assert.deepEqual(
      (await loop.evaluateOnce(630_000)).map((t) => t.kind),
      ['resolved'],
    );
    holding = [];
    await loop.evaluateOnce(660_000);
    now = 660_000;
    const s = loop.snapshot();
    assert.deepEqual(s.firing, []);
    assert.deepEqual(
      s.resolved.map((r) => `${r.alert.alertname}@${r.resolvedAt}`),
      ['VllmErrorRateHigh@660000', 'VllmErrorBudgetBurn@630000'],
    );
    now = 630_000 + 3_600_001;
    assert.deepEqual(
      loop.snapshot().resolved.map((r) => r.alert.alertname),
      ['VllmErrorRateHigh'],
    );
    await loop.stop();
  });

  it('a webhook gets each change once; a failed send is retried by the next evaluation, not lost', async () => {
    const hook = await webhook();
    const errors: unknown[] = [];
    let holding: AlertCondition[] = [burn];
    const loop = new AlertLoop({
      conditions: async () => holding,
      notifier: new AlertNotifier({ webhookUrl: hook.url }),
      onError: (err) => errors.push(err),
    });
    try {
      hook.fail(1);
      await loop.evaluateOnce(0);
      assert.equal(hook.got.length, 0);
      assert.ok(errors[0] instanceof AlertDeliveryError);
      assert.equal((errors[0] as AlertDeliveryError).code, 'delivery_failed');
      for (const at of [30_000, 60_000, 90_000]) await loop.evaluateOnce(at);
      holding = [];
      for (const at of [120_000, 150_000, 180_000]) await loop.evaluateOnce(at);
      assert.deepEqual(
        hook.got.map((g) => `${g.status} ${g.alerts.map((a) => a.labels.alertname).join()}`),
        ['firing VllmErrorBudgetBurn', 'resolved VllmErrorBudgetBurn'],
      );
      assert.equal(errors.length, 1);
    } finally {
      await loop.stop();
      await hook.close();
    }
  });

  it('a failing conditions() call keeps the states and resolves nothing', async () => {
    const hook = await webhook();
    const errors: unknown[] = [];
    let fail = false;
    const loop = new AlertLoop({
      conditions: async () => {
        if (fail) throw new Error('store unreadable');
        return [burn];
      },
      notifier: new AlertNotifier({ webhookUrl: hook.url }),
      onError: (err) => errors.push(err),
    });
    try {
      await loop.evaluateOnce(0);
      fail = true;
      assert.deepEqual(await loop.evaluateOnce(30_000), []);
      assert.deepEqual(
        loop.snapshot().firing.map((a) => a.key),
        [burn.key],
      );
      assert.deepEqual(loop.snapshot().resolved, []);
      assert.match(String(errors[0]), /store unreadable/);
      fail = false;
      assert.deepEqual(await loop.evaluateOnce(60_000), [], 'still firing, not fired again');
      assert.deepEqual(
        hook.got.map((g) => g.status),
        ['firing'],
      );
    } finally {
      await loop.stop();
      await hook.close();
    }
  });

  it('evaluations never overlap; stop() waits for the one in flight and nothing runs after', async () => {
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const gate = deferred();
    const entered = deferred();
    const loop = new AlertLoop({
      conditions: async () => {
        calls++;
        entered.resolve();
        active++;
        maxActive = Math.max(maxActive, active);
        await gate.promise;
        active--;
        return [burn];
      },
    });
    const first = loop.evaluateOnce(0);
    await entered.promise;
    const second = loop.evaluateOnce(1000);
    const stopped = loop.stop();
    gate.resolve();
    await Promise.all([first, second, stopped]);
    assert.equal(maxActive, 1);
    assert.equal(calls, 1, 'the queued evaluation did not run after stop()');
    assert.deepEqual(await loop.evaluateOnce(2000), []);
    assert.equal(calls, 1);
  });

  it('start() evaluates on the interval until stop()', async () => {
    let calls = 0;
    const third = deferred();
    const loop = new AlertLoop({
      intervalMs: 1,
      conditions: async () => {
        if (++calls === 3) third.resolve();
        return [];
      },
    });
    loop.start();
    await third.promise;
    await loop.stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(calls, after);
  });

  it("a real Alertmanager shows the embedded store's alerts from the loop, and their resolution", async () => {
    const am = await startAlertmanager();
    const store = SloStore.open(':memory:', { autoCompact: false });
    const spec = defaultSpec();
    const source = new EmbeddedSource(store);
    let healthy = false;
    const loop = new AlertLoop({
      conditions: async (at) => (healthy ? [] : (await alertConditions(spec, source, at)).conditions),
      notifier: new AlertNotifier({ alertmanagerUrl: am.url }),
    });
    try {
      // 10 % of production's requests in the last minute failed: the page burn-rate pairs fire at once.
      const now = Date.now();
      recordRequests(store, 200, now, 50, everyTenthFails);
      await loop.evaluateOnce();
      const firing = loop.snapshot().firing;
      assert.ok(firing.length > 0);
      const got = await am.active();
      // Label sets compared in a canonical form (Alertmanager returns them sorted by name).
      assert.deepEqual(
        got.map((a) => alertKey('', a.labels)).sort(),
        firing.map((a) => alertKey('', { alertname: a.alertname, ...a.labels })).sort(),
      );
      assert.ok(
        got.some((a) => a.labels.alertname === 'VllmErrorBudgetBurn' && a.labels.severity === 'critical'),
      );
      healthy = true;
      await loop.evaluateOnce();
      assert.deepEqual(await am.active(), []);
      assert.equal(loop.snapshot().resolved.length, firing.length);
    } finally {
      await loop.stop();
      store.close();
      await am.stop();
    }
  });
});
