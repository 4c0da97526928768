/**
 * What `serve` and the demo run around a source: the HTTP server and, over
 * the embedded store, the alert loop (the generated rules' conditions
 * evaluated on an interval, delivered to an Alertmanager or webhook), so the
 * UI shows exactly the alerts that were sent. A source that evaluates the
 * rules itself (Prometheus) needs no loop: the UI shows its alerts.
 */
import { AlertLoop, AlertNotifier, alertConditions } from '../alerting/index.ts';
import type { AlertsDocument, PodInfo } from '../api/index.ts';
import type { SloSource } from '../sources/index.ts';
import type { SloSpec } from '../spec/index.ts';
import { type RunningServer, startServer, type UiAssets } from './http-server.ts';
import { alertsDocument } from './live-state.ts';

export interface MonitorOptions {
  spec: SloSpec;
  source: SloSource;
  host?: string;
  port?: number;
  token?: string;
  assets?: () => Promise<UiAssets>;
  pods?: () => PodInfo[] | Promise<PodInfo[]>;
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

interface Alerting {
  alerts: () => AlertsDocument | Promise<AlertsDocument>;
  unsupported: () => RunningMonitor['unsupported'];
  stop: () => Promise<void>;
}

/** The embedded alert loop, evaluated once before it starts. */
async function alertLoop(opts: MonitorOptions, now: () => number): Promise<Alerting> {
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
      const r = await alertConditions(opts.spec, opts.source, at);
      unsupported = r.unsupported;
      return r.conditions;
    },
    ...(notifier ? { notifier } : {}),
    now,
    onError: (err) => opts.onError?.('alert evaluation', err),
  });
  await loop.evaluateOnce();
  loop.start();
  return {
    alerts: () => alertsDocument(loop.snapshot()),
    unsupported: () => unsupported,
    stop: () => loop.stop(),
  };
}

/** Starts the alert loop (unless the source evaluates the rules) and the server; resolves once both run. */
export async function startMonitor(opts: MonitorOptions): Promise<RunningMonitor> {
  const now = opts.now ?? Date.now;
  const sourceAlerts = opts.source.alerts?.bind(opts.source);
  const alerting: Alerting = sourceAlerts
    ? {
        alerts: async () => alertsDocument({ ...(await sourceAlerts()), resolved: [] }),
        unsupported: () => [],
        stop: async () => {},
      }
    : await alertLoop(opts, now);
  let server: RunningServer;
  try {
    server = await startServer({
      spec: opts.spec,
      source: opts.source,
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.token !== undefined ? { token: opts.token } : {}),
      ...(opts.assets ? { assets: opts.assets } : {}),
      ...(opts.pods ? { pods: opts.pods } : {}),
      ...(opts.refreshSeconds !== undefined ? { refreshSeconds: opts.refreshSeconds } : {}),
      alerts: alerting.alerts,
      now,
      onError: (err, path) => opts.onError?.(`request ${path}`, err),
    });
  } catch (err) {
    await alerting.stop();
    throw err;
  }
  return {
    server,
    unsupported: alerting.unsupported(),
    stop: async () => {
      await server.stop();
      await alerting.stop();
    },
  };
}
