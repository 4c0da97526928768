/**
 * The rig of the tests that compare sources: simulator -> gateway -> the
 * embedded store, and a real Prometheus scraping the same gateway; six
 * clients sending chat completions of varied lengths (streamed and not)
 * through the gateway until a deadline.
 */
import assert from 'node:assert/strict';
import { Gateway } from '../../src/gateway/index.ts';
import { profile, realClock, SimPod } from '../../src/sim/index.ts';
import { PrometheusClient } from '../../src/sources/index.ts';
import { type SloSpec, specThresholds } from '../../src/spec/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { type RunningPrometheus, startPrometheus } from './prometheus.ts';
import { editedDefaultSpec } from './spec.ts';

/** The default spec with thresholds scaled to a 10x simulated clock, so some requests miss them. */
export function scaledSpec(): SloSpec {
  return editedDefaultSpec([
    ['threshold: 3s', 'threshold: 0.1s'],
    ['threshold: 6s', 'threshold: 0.2s'],
    ['threshold: 500ms', 'threshold: 20ms'],
  ]);
}

/** Latency and TTFT bounds the rig's gateway exports besides its default buckets: the spec's thresholds. */
export const RIG_LATENCY_THRESHOLDS = [0.1, 0.2];
export const RIG_TTFT_THRESHOLDS = [0.02];

export interface SourcesRig {
  pod: SimPod;
  store: SloStore;
  gateway: Gateway;
  prometheus: RunningPrometheus;
  client: PrometheusClient;
  stop(): Promise<void>;
}

/**
 * A simulated pod (3 % server errors) behind a production gateway that
 * writes the embedded store, and a real Prometheus scraping the gateway
 * every second with `rules` loaded; resolves once Prometheus sees the series.
 */
export async function sourcesRig(spec: SloSpec, rules: readonly string[] = []): Promise<SourcesRig> {
  const pod = new SimPod({
    name: 'vllm-production-0',
    profile: profile('7b'),
    port: 0,
    clock: realClock(10),
    seed: 3,
    faults: { errorRates: { 500: 0.03 } },
  });
  await pod.start();
  const store = SloStore.open(':memory:', { thresholds: specThresholds(spec) });
  const gateway = new Gateway({
    environment: 'production',
    upstreams: [{ name: pod.name, url: pod.url }],
    latencyThresholds: RIG_LATENCY_THRESHOLDS,
    ttftThresholds: RIG_TTFT_THRESHOLDS,
    sink: store.sink(),
  });
  await gateway.start();
  const prometheus = await startPrometheus([new URL(gateway.url).host], '/metrics', rules);
  const client = new PrometheusClient({ url: prometheus.url });
  const stop = async () => {
    await prometheus.stop();
    await gateway.stop(1000);
    await pod.stop();
    store.close();
  };
  try {
    await untilScraped(client);
  } catch (err) {
    await stop();
    throw err;
  }
  return { pod, store, gateway, prometheus, client, stop };
}

/** Within `rel` of each other, or within `slack` (absolute), whichever is looser. */
export function assertClose(
  a: number | null | undefined,
  b: number | null | undefined,
  rel: number,
  what: string,
  slack = 0,
): void {
  assert.ok(a !== null && a !== undefined && b !== null && b !== undefined, `${what}: ${a} vs ${b}`);
  const scale = Math.max(Math.abs(a), Math.abs(b), 1e-9);
  assert.ok(Math.abs(a - b) <= Math.max(rel * scale, slack), `${what}: embedded ${a}, prometheus ${b}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends requests for `model` through the gateway at `url` until `stopAt` (ms). */
export async function driveTraffic(url: string, model: string, stopAt: number): Promise<void> {
  let n = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (Date.now() < stopAt) {
        const max = 10 + ((n++ * 37) % 140);
        await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model,
            messages: [{ role: 'user', content: 'x'.repeat(400) }],
            max_tokens: max,
            ignore_eos: true,
            stream: n % 2 === 0,
          }),
        }).then((r) => r.arrayBuffer());
      }
    }),
  );
}

/** Waits until Prometheus has scraped the gateway's series (at zero: increase() then counts from 0). */
export async function untilScraped(client: PrometheusClient): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const seen = await client.instant('count(vllm_errors_total)', Date.now());
    if ((seen[0]?.value ?? 0) > 0) break;
    await sleep(200);
  }
  await sleep(1200);
}

/**
 * The rig after `ms` of traffic and two more scrapes, with the store
 * flushed: `at` is the moment both sources answer for.
 */
export async function rigAfterTraffic(
  spec: SloSpec,
  rules: readonly string[],
  ms: number,
): Promise<{ rig: SourcesRig; at: number }> {
  const rig = await sourcesRig(spec, rules);
  try {
    await driveTraffic(rig.gateway.url, rig.pod.model, Date.now() + ms);
    await sleep(2500);
    rig.store.flush();
    return { rig, at: Date.now() };
  } catch (err) {
    await rig.stop();
    throw err;
  }
}
