/**
 * VllmSLOMetricAbsent from the Prometheus source, against a real Prometheus
 * scraping a real gateway: the source asks the generated rule's own
 * `absent()` expression, held over `alerting.absentFor`, so it agrees with
 * the rule. A gateway whose every pod is down still exports its requests
 * counter: that is data (the rule stays quiet; VllmAllPodsDown is the alert
 * for it), not absence. An environment never scraped is absent; a gateway
 * that stops is absent once its series have been gone for absentFor, not
 * before (the rule's `for`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertConditions } from '../../src/alerting/index.ts';
import { Gateway } from '../../src/gateway/index.ts';
import { ABSENT_ALERT, absenceRule } from '../../src/rules/index.ts';
import { PrometheusClient, PrometheusSource } from '../../src/sources/index.ts';
import type { SloSpec } from '../../src/spec/index.ts';
import { freePort, startPrometheus } from '../helpers/prometheus.ts';
import { editedDefaultSpec } from '../helpers/spec.ts';

// The shortest absentFor the spec allows, so the gateway's disappearance is seen within the test.
const spec = editedDefaultSpec([['absentFor: 10m', 'absentFor: 1m']]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => Promise<boolean>, deadlineMs = 120_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** Whether the source says VllmSLOMetricAbsent holds for the environment now. */
async function absenceHolds(s: SloSpec, source: PrometheusSource, env: string): Promise<boolean> {
  const { conditions } = await alertConditions(s, source, Date.now(), undefined, env);
  return conditions.some((c) => c.alertname === ABSENT_ALERT && c.labels.environment === env);
}

describe('the absence alert from a real Prometheus', () => {
  it("agrees with the generated rule's absent(): pods down is data, a gone gateway is absence after absentFor", async () => {
    const production = spec.environments.find((e) => e.name === 'production');
    assert.ok(production);
    const rule = absenceRule(spec, production);
    const gw = new Gateway({
      environment: 'production',
      upstreams: [{ name: 'vllm-production-0', url: `http://127.0.0.1:${await freePort()}` }],
      models: ['meta-llama/Llama-3.1-8B-Instruct'],
      probeIntervalMs: 200,
    });
    await gw.start();
    let gatewayUp = true;
    const prom = await startPrometheus([new URL(gw.url).host]);
    try {
      const client = new PrometheusClient({ url: prom.url });
      const source = new PrometheusSource(spec, client);
      const value = async (q: string) => (await client.instant(q, Date.now()))[0]?.value;
      await waitFor('the gateway scraped with its pod down', async () => {
        const requests = await value('count(vllm_requests_total{environment="production"})');
        const up = await value('max(vllm_pod_up{environment="production"})');
        return (requests ?? 0) > 0 && up === 0;
      });

      // Every pod down, the gateway up: the rule's expression has no result, and the source agrees.
      assert.deepEqual(await client.instant(rule.expr, Date.now()), [], 'the rule does not hold');
      assert.equal(await absenceHolds(spec, source, 'production'), false, 'pods down is not absence');
      // Staging was never scraped: absent for as long as Prometheus can tell.
      assert.equal(await absenceHolds(spec, source, 'staging'), true, 'never scraped is absence');

      // The gateway goes away: its series go stale at once, the alert waits for absentFor.
      await gw.stop(1000);
      gatewayUp = false;
      await waitFor(
        'the series marked stale',
        async () => (await client.instant(rule.expr, Date.now())).length > 0,
      );
      assert.equal(await absenceHolds(spec, source, 'production'), false, 'absent for less than absentFor');
      await waitFor('absence held for absentFor', () => absenceHolds(spec, source, 'production'));
    } finally {
      if (gatewayUp) await gw.stop(1000);
      await prom.stop();
    }
  });
});
