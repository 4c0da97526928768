/** A simulated pod (or several) behind a gateway, with every measurement recorded. */
import OpenAI from 'openai';
import { Gateway, type GatewayOptions, type RequestMeasurement } from '../../src/gateway/index.ts';
import { type PodOptions, profile, realClock, SimPod } from '../../src/sim/index.ts';

export interface Rig {
  pods: SimPod[];
  gateway: Gateway;
  measured: RequestMeasurement[];
  client: OpenAI;
  stop(): Promise<void>;
}

/** Starts `n` simulated pods (7b, 20x clock unless overridden) and a gateway in front of them. */
export async function rig(
  n = 1,
  pod: Partial<PodOptions> = {},
  gateway: Partial<GatewayOptions> = {},
): Promise<Rig> {
  const pods: SimPod[] = [];
  for (let i = 0; i < n; i++) {
    const p = new SimPod({
      name: `vllm-production-${i}`,
      profile: profile('7b'),
      port: 0,
      clock: realClock(20),
      seed: 7 + i,
      ...pod,
    });
    await p.start();
    pods.push(p);
  }
  const measured: RequestMeasurement[] = [];
  const gw = new Gateway({
    environment: 'production',
    upstreams: pods.map((p) => ({ name: p.name, url: p.url })),
    latencyThresholds: [3, 6],
    ttftThresholds: [0.5],
    probeIntervalMs: 50,
    sink: { record: (m) => measured.push(m) },
    ...gateway,
  });
  await gw.start();
  return {
    pods,
    gateway: gw,
    measured,
    client: new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'sk-test', maxRetries: 0, timeout: 30_000 }),
    async stop() {
      await gw.stop(1000);
      await Promise.all(pods.map((p) => p.stop()));
    },
  };
}

/** Polls until `cond` holds (deadline generous; no timing assertions). */
export async function until(
  cond: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 10_000,
): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The value of one series in an exposition text (0 when absent). */
export function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
