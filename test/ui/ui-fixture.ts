/**
 * The UI tests' world: the real `serve` server (src/server) over an
 * in-memory store holding 26 hours of per-minute traffic, with the UI's
 * assets. The traffic is chosen so every state shows: production mostly
 * fine (TTFT budget low, throughput above its floor), staging burning its
 * budget (burn-rate pairs fire), development without traffic.
 */

import type { AlertsDocument, PodInfo } from '../../src/api/index.ts';
import { Sketch } from '../../src/engine/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { startServer } from '../../src/server/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { emptyRollup, SloStore } from '../../src/store/index.ts';
import { buildUiAssets } from '../../src/ui/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** How one pod behaves per minute. */
interface PodTraffic {
  environment: string;
  pod: string;
  perMinute: number;
  /** Errors in minute number `i` (counted from the start). */
  errors(i: number, total: number): number;
  /** Shares of requests slower than 3 s and 6 s, and of TTFTs over 500 ms. */
  over3s: number;
  over6s: number;
  slowTtft: number;
  /** Requests slower than 3 s in minute `i`, where it differs from over3s. */
  slowIn?(i: number, total: number): number | undefined;
}

const TRAFFIC: PodTraffic[] = [
  ...['vllm-production-0', 'vllm-production-1'].map((pod, n) => ({
    environment: 'production',
    pod,
    perMinute: 780,
    // One error every seven minutes per pod, and a few more over the last half hour.
    errors: (i: number, total: number) => (i % 7 === 3 * n || (i > total - 30 && i % 3 === 0) ? 1 : 0),
    over3s: 0.02,
    over6s: 0.003,
    slowTtft: 0.04,
  })),
  {
    environment: 'staging',
    pod: 'vllm-staging-0',
    perMinute: 60,
    errors: () => 2,
    over3s: 0.01,
    // A slow spell (8 of 60 over 3 s) from 400 to 6 minutes before the end: latency-p95's
    // 16h48m/1h24m ticket pair (factor 1, 7d period) fires while its last 5 minutes meet the
    // target and the period's budget is not spent, so the objective reads Warning.
    slowIn: (i: number, total: number) => (i >= total - 400 && i < total - 6 ? 8 : undefined),
    over6s: 0,
    slowTtft: 0.01,
  },
];

function minuteRollup(t: PodTraffic, i: number, total: number) {
  const r = emptyRollup();
  const errors = t.errors(i, total);
  r.requests = t.perMinute;
  r.errorsTotal = errors;
  if (errors > 0) r.errors.set('server:internal', errors);
  const n6 = Math.round(t.perMinute * t.over6s);
  const n3 = (t.slowIn?.(i, total) ?? Math.round(t.perMinute * t.over3s)) - n6;
  // A slow wave over the day, so latency charts have a shape.
  const base = 0.7 + 0.3 * Math.sin(i / 90);
  const d = new Sketch();
  d.add(base, t.perMinute - n3 - n6);
  if (n3 > 0) d.add(4, n3);
  if (n6 > 0) d.add(7, n6);
  const slow = Math.round(t.perMinute * t.slowTtft);
  const f = new Sketch();
  f.add(base / 4, t.perMinute - slow);
  if (slow > 0) f.add(0.8, slow);
  r.duration = d;
  r.ttft = f;
  r.promptTokens = t.perMinute * 100;
  r.generationTokens = t.perMinute * 200;
  return r;
}

/** Not out of rotation, not in panic: what most pods of a gateway in this process report. */
const IN_ROTATION = { state: 'healthy', ejected_until: null, ejections: null, panic: false } as const;

/**
 * Pods as the gateway would report them: one whose probes fail, one ejected
 * by outlier detection (probes pass), one known only by scraping, and the
 * only pod of development down, which puts that gateway in panic mode.
 */
function pods(now: number): PodInfo[] {
  const ago = (s: number) => new Date(now - s * 1000).toISOString();
  return [
    {
      environment: 'production',
      pod: 'vllm-production-0',
      models: ['llama-3-8b'],
      url: 'http://10.0.0.11:8000',
      healthy: true,
      ...IN_ROTATION,
      in_flight: 7,
      last_probe: ago(3),
      last_probe_ok: true,
      requests_per_second: 5,
      eject_reason: null,
    },
    {
      environment: 'production',
      pod: 'vllm-production-1',
      models: ['llama-3-8b'],
      url: 'http://10.0.0.12:8000',
      healthy: false,
      ...IN_ROTATION,
      state: 'unhealthy',
      in_flight: 0,
      last_probe: ago(4),
      last_probe_ok: false,
      requests_per_second: 0.25,
      eject_reason: 'health probe failed 3 times: connection refused',
    },
    {
      environment: 'production',
      pod: 'vllm-production-2',
      models: ['llama-3-8b'],
      url: 'http://10.0.0.13:8000',
      healthy: true,
      state: 'ejected',
      ejected_until: new Date(now + 40_000).toISOString(),
      ejections: 2,
      panic: false,
      in_flight: 0,
      last_probe: ago(2),
      last_probe_ok: true,
      requests_per_second: 0.5,
      eject_reason: '5 server failures in a row (consecutive_5xx)',
    },
    {
      environment: 'staging',
      pod: 'vllm-staging-0',
      models: ['llama-3-8b'],
      url: 'http://10.0.1.11:8000',
      healthy: true,
      ...IN_ROTATION,
      panic: null,
      in_flight: null,
      last_probe: null,
      last_probe_ok: null,
      requests_per_second: 1,
      eject_reason: null,
    },
    {
      environment: 'development',
      pod: 'vllm-development-0',
      models: ['llama-3-8b'],
      url: 'http://10.0.2.11:8000',
      healthy: false,
      ...IN_ROTATION,
      state: 'unhealthy',
      panic: true,
      in_flight: 0,
      last_probe: ago(1),
      last_probe_ok: false,
      requests_per_second: 0,
      eject_reason: 'connection refused',
    },
  ];
}

function alerts(now: number): AlertsDocument {
  const iso = (minAgo: number) => new Date(now - minAgo * MIN).toISOString();
  return {
    firing: [
      {
        alertname: 'VllmErrorBudgetBurn',
        severity: 'high',
        environment: 'staging',
        labels: { slo: 'availability', long_window: '6h', short_window: '30m', burn_rate: '1.4' },
        summary: 'staging availability is burning its error budget 2.3x too fast',
        state: 'firing',
        active_since: iso(95),
        resolved_at: null,
      },
      {
        // A threshold alert: it has no burn pair in the status document, yet it fires.
        alertname: 'VllmErrorRateHigh',
        severity: 'high',
        environment: 'staging',
        labels: { severity: 'high', environment: 'staging' },
        summary: 'staging: error rate above 1%',
        state: 'firing',
        active_since: iso(20),
        resolved_at: null,
      },
    ],
    pending: [
      {
        alertname: 'VllmTTFTP95High',
        severity: 'medium',
        environment: 'production',
        labels: { quantile: '0.95' },
        summary: 'production TTFT P95 above 500ms',
        state: 'pending',
        active_since: iso(2),
        resolved_at: null,
      },
    ],
    resolved: [
      {
        alertname: 'VllmLatencyP95High',
        severity: 'high',
        environment: 'production',
        labels: { quantile: '0.95' },
        summary: 'production request latency P95 above 3s',
        state: 'resolved',
        active_since: iso(300),
        resolved_at: iso(240),
      },
    ],
  };
}

/** The access token the server requires; the browser sends it once as ?token= and then by cookie. */
export const TOKEN = 'ui-test-token-0123456789abcdef';

export interface UiWorld {
  server: RunningServer;
  now: number;
  stop(): Promise<void>;
}

/** Starts the server over a store with 26 hours of traffic ending at `now` (a fixed clock). */
export async function startUiWorld(): Promise<UiWorld> {
  const now = Math.floor(Date.now() / MIN) * MIN + 30_000;
  const start = now - 26 * HOUR;
  const spec = defaultSpec();
  const store = SloStore.open(':memory:', { now: () => now });
  // Whole minutes up to the one holding `now`, which is only half over.
  const total = Math.floor((now - start) / MIN);
  for (let i = 0; i < total; i++) {
    const at = start + i * MIN;
    for (const t of TRAFFIC) {
      store.add({
        at,
        environment: t.environment,
        model: 'llama-3-8b',
        pod: t.pod,
        rollup: minuteRollup(t, i, total),
      });
      store.recordPodHealth(t.environment, t.pod, at, true, 60);
    }
  }
  store.flush();
  const server = await startServer({
    spec,
    source: new EmbeddedSource(store),
    now: () => now,
    pods: () => pods(now),
    alerts: () => alerts(now),
    assets: buildUiAssets,
    refreshSeconds: 30,
    token: TOKEN,
  });
  return {
    server,
    now,
    stop: async () => {
      await server.stop();
      store.close();
    },
  };
}
