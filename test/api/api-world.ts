/**
 * The world the README's API examples are answered in: `serve` as the demo
 * wires it (startMonitor with its alert loop, pods from a gateway's pool and
 * from scraping) over an in-memory store holding three hours of traffic
 * before a fixed clock. Production is within its objectives; staging has failed a third of
 * its requests for the last ten minutes, so its alerts are pending.
 */
import { blankReport, type ScrapeReport } from '../../src/collect/index.ts';
import type { PodStatus } from '../../src/gateway/index.ts';
import { podInfos, type RunningMonitor, scrapedPods, startMonitor } from '../../src/server/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { HOUR, MIN, measurement, T0 } from '../store/store-helpers.ts';

/** 03:00:30 on 2026-03-02: inside a minute, as a live clock would be. */
export const WORLD_NOW = T0 + 3 * HOUR + 30_000;
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

export interface ApiWorld {
  url: string;
  stop(): Promise<void>;
}

function recordTraffic(store: SloStore): void {
  let n = 0;
  for (let at = T0 + 5_000; at < WORLD_NOW; at += 10_000, n++) {
    const pod = `vllm-production-${n % 2}`;
    const slow = n % 40 === 0;
    store.record(
      measurement(at, slow ? 4000 : 800, {
        pod,
        model: MODEL,
        ttftMs: slow ? 900 : 200,
        ...(n === 350 ? { status: 500, errorClass: 'server', errorType: 'internal' } : {}),
      }),
    );
    const failing = at > WORLD_NOW - 10 * MIN && n % 3 === 0;
    store.record(
      measurement(at, 600, {
        environment: 'staging',
        pod: 'vllm-staging-0',
        model: MODEL,
        ttftMs: 150,
        ...(failing ? { status: 503, errorClass: 'server', errorType: 'unavailable' } : {}),
      }),
    );
  }
  store.flush();
}

/** A gateway's pool: one pod in rotation, one ejected by outlier detection. */
function gatewayPods(): PodStatus[] {
  const probe = { at: WORLD_NOW - 3_000, ok: true, latencyMs: 4 };
  return [
    {
      name: 'vllm-production-0',
      url: 'http://10.0.0.11:8000',
      healthy: true,
      outstanding: 3,
      models: [MODEL],
      lastProbe: probe,
      consecutiveFailures: 0,
    },
    {
      name: 'vllm-production-1',
      url: 'http://10.0.0.12:8000',
      healthy: true,
      outstanding: 0,
      models: [MODEL],
      lastProbe: probe,
      consecutiveFailures: 0,
      ejectedUntil: WORLD_NOW + 25_000,
      ejection: { reason: 'consecutive_5xx', detail: '5 server failures in a row', ejections: 1 },
    },
  ];
}

/** A pod known only by scraping its /metrics, whose last scrape failed. */
function scraped(): ScrapeReport[] {
  return [
    {
      ...blankReport(
        { environment: 'staging', pod: 'vllm-staging-0', kind: 'vllm' },
        'http://10.0.1.11:8000/metrics',
        WORLD_NOW - 5_000,
        WORLD_NOW - 20_000,
      ),
      error: 'connect ECONNREFUSED 10.0.1.11:8000',
    },
  ];
}

/** Starts the world; `stop` ends the server, the alert loop and the store. */
export async function startApiWorld(): Promise<ApiWorld> {
  const spec = defaultSpec();
  const store = SloStore.open(':memory:', { now: () => WORLD_NOW });
  recordTraffic(store);
  const source = new EmbeddedSource(store);
  const production = spec.environments.find((e) => e.name === 'production');
  if (!production) throw new Error('the default spec has no production environment');
  const monitor: RunningMonitor = await startMonitor({
    spec,
    source,
    now: () => WORLD_NOW,
    pods: async () => [
      ...(await podInfos(production, gatewayPods(), source, WORLD_NOW, false)),
      ...(await scrapedPods(spec, scraped(), source, WORLD_NOW)),
    ],
  });
  return {
    url: monitor.server.url,
    stop: async () => {
      await monitor.stop();
      store.close();
    },
  };
}
