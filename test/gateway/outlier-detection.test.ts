/**
 * Outlier detection through the whole gateway, with the official openai
 * client against simulated pods: a pod that answers 500 to everything is
 * ejected after N attempts and gets nothing while ejected; it comes back
 * when its ejection time is over (a fake clock, no wall-clock timing) and is
 * ejected for longer when it fails again; with every pod failing the
 * gateway still routes (panic); 4xx never ejects; every change is one log
 * line and moves the counters.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIError } from 'openai';
import type { GatewayOptions, PodEvent } from '../../src/gateway/index.ts';
import { type Rig, rig, sample, until } from './gateway-harness.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const POD0 = 'vllm-production-0';
const POD1 = 'vllm-production-1';

/** A gateway over `n` simulated pods with a clock that moves only when the test says, and its pod events. */
async function outlierRig(n: number, options: Partial<GatewayOptions> = {}) {
  const events: (PodEvent & { environment: string })[] = [];
  const clock = { ms: 1_000_000 };
  const log: GatewayOptions['log'] = (e) => {
    // Request lines (failed attempts and requests) are another test's subject.
    if (e.event.startsWith('pod_') || e.event.startsWith('panic_'))
      events.push(e as PodEvent & { environment: string });
  };
  const r = await rig(n, {}, { now: () => clock.ms, log, ...options });
  return { r, events, clock };
}

/** Two pods, the first answering 500 to everything, ejected after 2 failures; `count` requests sent. */
async function ejectedRig(count: number) {
  const x = await outlierRig(2, { outlier: { consecutive5xx: 2 } });
  x.r.pods[0]?.faults.apply({ errorRates: { 500: 1 } });
  await sendMany(x.r, count);
  return x;
}

/** One chat completion through the gateway; the HTTP status the client saw. */
async function send(r: Rig, content = 'hello'): Promise<number> {
  try {
    await r.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content }],
      max_tokens: 2,
    });
    return 200;
  } catch (err) {
    if (err instanceof APIError && err.status !== undefined) return err.status;
    throw err;
  }
}

async function sendMany(r: Rig, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push(await send(r));
  return statuses;
}

const attempts = (text: string, pod: string, outcome: string) =>
  sample(text, `vllm_upstream_attempts_total{environment="production",pod="${pod}",outcome="${outcome}"}`);
const ejections = (text: string, pod: string, reason: string) =>
  sample(text, `vllm_pod_ejections_total{environment="production",pod="${pod}",reason="${reason}"}`);
const served = (r: Rig, pod: string) => r.measured.filter((m) => m.pod === pod).length;

describe('outlier detection', () => {
  it('ejects a pod answering 500 to everything after N attempts, routes around it, logs once and counts', async () => {
    const { r, events } = await outlierRig(2, { outlier: { consecutive5xx: 3 } });
    try {
      r.pods[0]?.faults.apply({ errorRates: { 500: 1 } });
      const first = await sendMany(r, 8);
      assert.equal(first.filter((s) => s === 500).length, 3, 'exactly N failures reach clients');
      assert.deepEqual(
        events.map((e) => ({ ...e })),
        [
          {
            event: 'pod_ejected',
            environment: 'production',
            pod: POD0,
            reason: 'consecutive_5xx',
            ejection_ms: 30_000,
            ejections: 1,
            detail: '3 server failures in a row',
          },
        ],
      );
      const before = served(r, POD0);
      assert.deepEqual(await sendMany(r, 10), Array(10).fill(200));
      assert.equal(served(r, POD0), before, 'no request reaches the ejected pod');
      assert.equal(r.gateway.pool.pods()[0]?.ejectedUntil, 1_000_000 + 30_000);
      assert.equal(r.gateway.pool.pods()[0]?.healthy, true, 'vllm_pod_up still follows the probes');

      const text = await r.gateway.metrics.text();
      assert.equal(ejections(text, POD0, 'consecutive_5xx'), 1);
      assert.equal(ejections(text, POD1, 'consecutive_5xx'), 0);
      assert.match(
        text,
        /vllm_pod_ejections_total\{environment="production",pod="vllm-production-1",reason="probe_failed"\} 0/,
      );
      assert.equal(attempts(text, POD0, 'http_5xx'), 3);
      assert.equal(attempts(text, POD0, 'ok'), 0);
      assert.equal(attempts(text, POD1, 'ok'), served(r, POD1));
      assert.equal(events.length, 1, 'steady state logs nothing more');
    } finally {
      await r.stop();
    }
  });

  it('re-admits the pod when its ejection time is over and ejects it for longer when it fails again', async () => {
    const { r, events, clock } = await ejectedRig(6);
    try {
      assert.equal(events.length, 1);
      clock.ms += 29_999;
      await sendMany(r, 4);
      assert.equal(events.length, 1, 'still ejected 1 ms before its time');
      clock.ms += 1;
      await sendMany(r, 6);
      assert.deepEqual(
        events
          .slice(1)
          .map((e) => [e.event, 'reason' in e ? e.reason : '', 'ejection_ms' in e ? e.ejection_ms : '']),
        [
          ['pod_readmitted', 'ejection_expired', 30_000],
          ['pod_ejected', 'consecutive_5xx', 60_000],
        ],
      );
      const text = await r.gateway.metrics.text();
      assert.equal(ejections(text, POD0, 'consecutive_5xx'), 2);
      assert.equal(attempts(text, POD0, 'http_5xx'), 4);

      // Repaired: back after the second, longer ejection, and serving again.
      r.pods[0]?.faults.reset();
      clock.ms += 60_000;
      const before = served(r, POD0);
      assert.deepEqual(await sendMany(r, 6), Array(6).fill(200));
      assert.ok(served(r, POD0) > before, 'the repaired pod takes traffic again');
      assert.equal(events.at(-1)?.event, 'pod_readmitted');
    } finally {
      await r.stop();
    }
  });

  it('an expired ejection waits for a good probe when the pod is also failing its probes', async () => {
    const { r, events, clock } = await ejectedRig(5);
    try {
      r.pods[0]?.faults.apply({ unhealthy: true });
      await until(() => r.gateway.pool.pods()[0]?.healthy === false, 'failed probes');
      clock.ms += 30_000;
      const before = served(r, POD0);
      await sendMany(r, 4);
      assert.equal(served(r, POD0), before, 'not back while its probes fail');
      assert.deepEqual(
        events.map((e) => e.event),
        ['pod_ejected'],
        'failing probes of an ejected pod change nothing in rotation',
      );
      r.pods[0]?.faults.reset();
      await until(() => events.length === 2, 're-admission by a probe');
      assert.deepEqual(events[1], {
        event: 'pod_readmitted',
        environment: 'production',
        pod: POD0,
        reason: 'probe_passed',
        ejection_ms: 30_000,
      });
    } finally {
      await r.stop();
    }
  });

  it('panic: with every pod failing the gateway still routes to them, and says so once', async () => {
    const { r, events } = await outlierRig(2, { outlier: { consecutive5xx: 2, maxEjectionPercent: 100 } });
    try {
      for (const p of r.pods) p.faults.apply({ errorRates: { 500: 1 } });
      const statuses = await sendMany(r, 10);
      assert.deepEqual(statuses, Array(10).fill(500), 'the pods answer; never 503 "no healthy upstream"');
      assert.deepEqual(
        events.map((e) => e.event),
        ['pod_ejected', 'pod_ejected', 'panic_entered'],
      );
      assert.deepEqual(events[2], {
        event: 'panic_entered',
        environment: 'production',
        reason: 'too_few_pods',
        available: 0,
        pods: 2,
      });
      assert.ok(served(r, POD0) > 2 && served(r, POD1) > 2, 'both pods keep getting traffic in panic');
    } finally {
      await r.stop();
    }
  });

  it('never takes the only pod away: with the defaults a single failing pod still gets every request', async () => {
    const { r, events } = await outlierRig(1);
    try {
      r.pods[0]?.faults.apply({ errorRates: { 500: 1 } });
      assert.deepEqual(await sendMany(r, 7), Array(7).fill(500));
      assert.deepEqual(
        events.map((e) => [e.event, 'ejection_ms' in e ? e.ejection_ms : null]),
        [
          ['pod_ejected', 30_000],
          ['panic_entered', null],
        ],
        'ejected after Envoy default of 5, for its default 30 s',
      );
    } finally {
      await r.stop();
    }
  });

  it('4xx answers (429 included) never eject a pod and count as ok attempts', async () => {
    const { r, events } = await outlierRig(2, { outlier: { consecutive5xx: 2 } });
    try {
      r.pods[0]?.faults.apply({ errorRates: { 400: 0.5, 429: 0.5 } });
      const statuses = await sendMany(r, 12);
      assert.ok(statuses.filter((s) => s === 400 || s === 429).length >= 4, String(statuses));
      assert.deepEqual(events, []);
      const text = await r.gateway.metrics.text();
      assert.equal(attempts(text, POD0, 'ok'), served(r, POD0));
      assert.equal(attempts(text, POD0, 'http_5xx'), 0);
    } finally {
      await r.stop();
    }
  });

  it('logs probe ejections and refused connections once each, without URLs, keys or prompts', async () => {
    const { r, events } = await outlierRig(2);
    try {
      r.pods[0]?.faults.apply({ unhealthy: true });
      await until(() => events.length === 1, 'probe ejection');
      r.pods[0]?.faults.reset();
      await until(() => events.length === 2, 'probe re-admission');
      r.pods[1]?.faults.apply({ outage: true });
      // Probes every 50 ms may see the outage first; either way it is one line with its reason.
      const statuses = await sendMany(r, 4);
      assert.deepEqual(statuses, Array(4).fill(200));
      await until(() => events.length === 3, 'the outage');
      assert.deepEqual(
        events.map((e) => [e.event, 'pod' in e ? e.pod : '', e.reason]),
        [
          ['pod_ejected', POD0, 'probe_failed'],
          ['pod_readmitted', POD0, 'probe_passed'],
          ['pod_ejected', POD1, events[2]?.reason],
        ],
      );
      assert.match(String(events[2]?.reason), /^(probe_failed|connection_refused)$/);
      assert.equal((events[0] as { ejection_ms: unknown }).ejection_ms, null, 'out until a probe passes');
      assert.match(String((events[0] as { detail?: string }).detail), /HTTP 503/);
      const text = JSON.stringify(events);
      assert.doesNotMatch(text, /https?:\/\/|sk-test|hello/);
      const metrics = await r.gateway.metrics.text();
      assert.equal(ejections(metrics, POD0, 'probe_failed'), 1);
    } finally {
      await r.stop();
    }
  });
});
