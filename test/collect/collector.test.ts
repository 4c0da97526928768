/**
 * The collector end to end: a simulated vLLM pod (kind vllm) and a gateway
 * exposition from the gateway's own metric registry behind a tiny HTTP
 * server with Basic auth (kind gateway), scraped into a recording sink.
 * Requests between scrapes arrive as deltas; failed scrapes record the pod
 * down and throw nothing; restarts (counter resets) and gaps come out right.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { Collector, type CollectorDelta } from '../../src/collect/index.ts';
import type { RequestMeasurement } from '../../src/engine/index.ts';
import { emptyRollup, mergeInto } from '../../src/engine/index.ts';
import { GatewayMetrics } from '../../src/gateway/gateway-metrics.ts';
import { profile, SimPod } from '../../src/sim/index.ts';
import { measurement as storeMeasurement } from '../store/store-helpers.ts';
import { closeServer, RecordingSink, serveGateway } from './collector-harness.ts';

/** A staging request of the simulated model through the gateway's pod, received at 0; override any field. */
function measurement(over: Partial<RequestMeasurement>): RequestMeasurement {
  const durationMs = over.durationMs ?? 1500;
  return storeMeasurement(durationMs, durationMs, {
    environment: 'staging',
    model: 'sim/bench',
    pod: 'gw-pod-0',
    ttftMs: 200,
    completionTokens: 4,
    ...over,
  });
}

/** A chat completion against the pod; returns its usage. */
async function chat(url: string, model: string): Promise<{ prompt: number; completion: number }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 4 }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
  return { prompt: body.usage.prompt_tokens, completion: body.usage.completion_tokens };
}

/** Waits (bounded) until the pod's own exposition contains `text`: its HTTP counter moves on 'close'. */
async function untilExposed(pod: SimPod, text: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await pod.metrics.text()).includes(text)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`the pod never exposed ${text}`);
}

/** Every rollup of a pod merged: a scrape after a gap spreads its counts over the gap's slots. */
const allOfPod = (adds: CollectorDelta[], pod: string) => {
  const of = adds.filter((x) => x.pod === pod);
  assert.ok(of.length > 0, `no rollup for ${pod}`);
  const total = emptyRollup();
  for (const a of of) mergeInto(total, a.rollup);
  return { total, times: of.map((a) => a.at) };
};

const byPod = (adds: CollectorDelta[], pod: string) => {
  const a = adds.find((x) => x.pod === pod);
  assert.ok(a, `no rollup for ${pod}`);
  return a;
};

describe('Collector end to end', () => {
  const env = 'staging';
  let clock = 1_000_000;
  const sink = new RecordingSink();
  let gateway = new GatewayMetrics({ environment: env, latencyThresholds: [3, 6], ttftThresholds: [0.5] });
  let pod = new SimPod({ name: 'vllm-a', profile: profile('bench'), port: 0, seed: 3 });
  let server: Server | undefined;
  let collector: Collector | undefined;
  after(async () => {
    await collector?.stop();
    await pod.stop();
    if (server) await closeServer(server);
  });

  it('follows requests, failures, gaps and restarts', async () => {
    const podUrl = await pod.start();
    server = await serveGateway(() => gateway);
    const gwPort = (server.address() as AddressInfo).port;
    collector = new Collector({
      targets: [
        { url: `${podUrl}/metrics`, environment: env, pod: 'vllm-a', kind: 'vllm' },
        {
          url: `http://collector:s3cret@127.0.0.1:${gwPort}/metrics?token=t0ps3cret`,
          environment: env,
          pod: 'gateway',
          kind: 'gateway',
        },
      ],
      sink,
      intervalMs: 15_000,
      now: () => clock,
    });
    gateway.setPodUp('gw-pod-0', true);
    gateway.setPodUp('gw-pod-1', false);
    // As the gateway does for every pod and model it routes to (a series first seen later is a baseline).
    gateway.initSeries('sim/bench', 'gw-pod-0');

    // Round 1: baselines only, health from the scrape (vLLM) and from vllm_pod_up (gateway).
    let reports = await collector.scrapeOnce();
    assert.deepEqual(
      reports.map((r) => [r.ok, r.baseline, r.error]),
      [
        [true, true, undefined],
        [true, true, undefined],
      ],
    );
    let got = sink.take();
    assert.deepEqual(got.adds, []);
    assert.deepEqual(got.health, [
      'staging/gw-pod-0@1000000 up 15s',
      'staging/gw-pod-1@1000000 down 15s',
      'staging/vllm-a@1000000 up 15s',
    ]);

    // Between rounds: three good requests and one invalid one on the pod; four on the gateway.
    const usage = [
      await chat(podUrl, pod.model),
      await chat(podUrl, pod.model),
      await chat(podUrl, pod.model),
    ];
    const bad = await fetch(`${podUrl}/v1/chat/completions`, {
      method: 'POST',
      body: '{"model":"sim/bench"}',
    });
    assert.equal(bad.status, 400);
    await bad.text();
    await untilExposed(pod, 'status="4xx"');
    gateway.record(measurement({}));
    gateway.record(measurement({ durationMs: 7000 }));
    gateway.record(measurement({ errorClass: 'server', errorType: 'timeout', durationMs: 4000 }));
    gateway.record(measurement({ cancelled: true }));

    clock += 15_000;
    reports = await collector.scrapeOnce();
    assert.ok(reports.every((r) => r.ok && !r.baseline && r.rollups === 1));
    got = sink.take();
    const v = byPod(got.adds, 'vllm-a');
    assert.deepEqual([v.at, v.environment, v.model], [clock, env, 'sim/bench']);
    assert.equal(v.rollup.requests, 4);
    assert.deepEqual([...v.rollup.errors], [['client:invalid_request', 1]]);
    assert.equal(
      v.rollup.promptTokens,
      usage.reduce((n, u) => n + u.prompt, 0),
    );
    assert.equal(
      v.rollup.generationTokens,
      usage.reduce((n, u) => n + u.completion, 0),
    );
    assert.equal(v.rollup.duration.count, 3);
    assert.equal(v.rollup.ttft.count, 3);
    const g = byPod(got.adds, 'gw-pod-0');
    assert.equal(g.rollup.requests, 3);
    assert.deepEqual([...g.rollup.errors], [['server:timeout', 1]]);
    assert.equal(g.rollup.cancellations, 1);
    // The 4 s timeout is a failure, not in the gateway's duration histogram (successful requests only).
    assert.deepEqual([g.rollup.duration.countAbove(3), g.rollup.duration.countAbove(6)], [1, 1]);
    assert.equal(g.rollup.promptTokens, 30);

    // Both servers stop. The pod is recorded down, the gateway's pods are not judged; nothing throws.
    const podPort = Number(new URL(podUrl).port);
    await pod.stop();
    await closeServer(server);
    gateway.record(measurement({ durationMs: 500 }));
    clock += 15_000;
    reports = await collector.scrapeOnce();
    assert.deepEqual(
      reports.map((r) => r.ok),
      [false, false],
    );
    for (const r of reports) {
      assert.ok(r.error && r.error.length > 0);
      assert.doesNotMatch(JSON.stringify(r), /s3cret|t0ps3cret/);
    }
    assert.equal(reports[1]?.url, `http://127.0.0.1:${gwPort}/metrics?…`);
    got = sink.take();
    assert.deepEqual(got.adds, []);
    assert.deepEqual(got.health, [`staging/vllm-a@${clock} down 15s`]);

    // The gateway returns with its counters (the gap is covered); the pod returns restarted (a reset).
    server = await serveGateway(() => gateway, gwPort);
    pod = new SimPod({ name: 'vllm-a', profile: profile('bench'), port: podPort, seed: 4 });
    await pod.start();
    const after = await chat(pod.url, pod.model);
    clock += 15_000;
    reports = await collector.scrapeOnce();
    assert.deepEqual(
      reports.map((r) => r.ok),
      [true, true],
    );
    assert.ok((reports[0]?.resets ?? 0) > 0);
    got = sink.take();
    // The gap of one failed scrape (30 s since the last good one): two slots, at -15 s and now.
    const { total: restarted, times } = allOfPod(got.adds, 'vllm-a');
    assert.deepEqual(
      [restarted.requests, restarted.errorsTotal, restarted.duration.count, restarted.promptTokens],
      [1, 0, 1, after.prompt],
    );
    assert.deepEqual([...new Set(times)], [clock - 15_000, clock]);
    assert.equal(allOfPod(got.adds, 'gw-pod-0').total.requests, 1);
    assert.ok(got.health.includes(`staging/vllm-a@${clock} up 15s`));

    // The gateway restarts too: a fresh registry, counters from zero.
    gateway = new GatewayMetrics({ environment: env, latencyThresholds: [3, 6], ttftThresholds: [0.5] });
    gateway.record(measurement({}));
    gateway.record(measurement({ errorClass: 'server', errorType: 'rate_limited' }));
    clock += 15_000;
    reports = await collector.scrapeOnce();
    got = sink.take();
    const fresh = byPod(got.adds, 'gw-pod-0').rollup;
    assert.deepEqual([fresh.requests, [...fresh.errors]], [2, [['server:rate_limited', 1]]]);
    // The 429 is in requests and errors only; the histogram holds the success.
    assert.equal(fresh.duration.count, 1);
  });
});
