/**
 * What `serve` and the demo run around the embedded store: the alert loop
 * (the generated rules' conditions evaluated on an interval, delivered to an
 * Alertmanager or webhook) and the HTTP server showing its states, so the UI
 * shows exactly the alerts that were sent.
 */
import { AlertLoop, AlertNotifier, alertConditions } from '../alerting/index.ts';
import type { PodInfo } from '../api/index.ts';
import { EmbeddedSource } from '../sources/index.ts';
import type { SloSpec } from '../spec/index.ts';
import type { SloStore } from '../store/index.ts';
import { type RunningServer, startServer, type UiAssets } from './http-server.ts';
import { alertsDocument } from './live-state.ts';

export interface MonitorOptions {
  spec: SloSpec;
  store: SloStore;
  host?: string;
  port?: number;
  token?: string;
  assets?: () => Promise<UiAssets>;
  pods?: () => PodInfo[];
  /** Where alerts go: an Alertmanager base URL and/or a webhook URL; neither keeps them in the UI only. */
  alertmanagerUrl?: string;
  webhookUrl?: string;
  /** Between alert evaluations; 30 s, a common Prometheus evaluation_interval (its default is 1m). */
  evaluationIntervalMs?: number;
  refreshSeconds?: number;
  /** Told about failed evaluations, sends and 500s; the loop and server carry on. */
  onError?: (what: string, err: unknown) => void;
  now?: () => number;
}

export interface RunningMonitor {
  server: RunningServer;
  /** Spec alerts the embedded data cannot evaluate, with why (for a start-up note). */
  unsupported: { alertname: string; environment: string; reason: string }[];
  stop(): Promise<void>;
}

/** Starts the alert loop and the server; resolves once both run. */
export async function startMonitor(opts: MonitorOptions): Promise<RunningMonitor> {
  const now = opts.now ?? Date.now;
  const source = new EmbeddedSource(opts.store);
  const notifier =
    opts.alertmanagerUrl || opts.webhookUrl
      ? new AlertNotifier({
          ...(opts.alertmanagerUrl ? { alertmanagerUrl: opts.alertmanagerUrl } : {}),
          ...(opts.webhookUrl ? { webhookUrl: opts.webhookUrl } : {}),
          now,
        })
      : undefined;
  let unsupported: RunningMonitor['unsupported'] = [];
  const loop = new AlertLoop({
    intervalMs: opts.evaluationIntervalMs ?? 30_000,
    conditions: async (at) => {
      const r = await alertConditions(opts.spec, source, at);
      unsupported = r.unsupported;
      return r.conditions;
    },
    ...(notifier ? { notifier } : {}),
    now,
    onError: (err) => opts.onError?.('alert evaluation', err),
  });
  await loop.evaluateOnce();
  loop.start();
  let server: RunningServer;
  try {
    server = await startServer({
      spec: opts.spec,
      store: opts.store,
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.assets ? { assets: opts.assets } : {}),
      ...(opts.pods ? { pods: opts.pods } : {}),
      ...(opts.refreshSeconds !== undefined ? { refreshSeconds: opts.refreshSeconds } : {}),
      alerts: () => alertsDocument(loop.snapshot()),
      now,
      onError: (err, path) => opts.onError?.(`request ${path}`, err),
    });
  } catch (err) {
    await loop.stop();
    throw err;
  }
  return {
    server,
    unsupported,
    stop: async () => {
      await server.stop();
      await loop.stop();
    },
  };
}
