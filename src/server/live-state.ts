/**
 * The pods and alerts documents from the running process's state: the
 * gateways' pod pools (probes, in-flight requests) and the alert loop's
 * states. Annotations and labels pass through as the rules define them;
 * nothing here holds a secret.
 */

import type { AlertLoopSnapshot } from '../alerting/index.ts';
import type { AlertInfo, AlertsDocument, PodInfo, PodRotationState } from '../api/index.ts';
import type { ScrapeReport } from '../collect/index.ts';
import type { ActiveAlert } from '../engine/index.ts';
import type { PodStatus } from '../gateway/index.ts';
import type { SloStore } from '../store/index.ts';

/** Requests/s of the pods column: over the last 5 minutes, as the guide's rate(...[5m]) panels. */
const RATE_WINDOW_MS = 5 * 60_000;

/** Failing probes keep a pod out longer than an ejection does, so they decide its state first. */
function rotationState(p: PodStatus): PodRotationState {
  if (!p.healthy) return 'unhealthy';
  return p.ejectedUntil === undefined ? 'healthy' : 'ejected';
}

function ejectReason(p: PodStatus): string | null {
  if (p.healthy && p.ejection) return `${p.ejection.detail} (${p.ejection.reason})`;
  return p.ejectReason ?? null;
}

/**
 * One environment's pods as the pods page shows them, with their place in
 * rotation and whether the environment's pool is in panic mode.
 */
export function podInfos(
  environment: string,
  pods: readonly PodStatus[],
  store: SloStore,
  now: number,
  panic: boolean,
): PodInfo[] {
  const byPod = store.requestsByPod(environment, now - RATE_WINDOW_MS, now);
  return pods.map((p) => ({
    environment,
    pod: p.name,
    models: [...p.models],
    url: redact(p.url),
    healthy: p.healthy,
    state: rotationState(p),
    ejected_until: p.ejectedUntil === undefined ? null : new Date(p.ejectedUntil).toISOString(),
    ejections: p.ejection?.ejections ?? null,
    panic,
    in_flight: p.outstanding,
    last_probe: p.lastProbe ? new Date(p.lastProbe.at).toISOString() : null,
    last_probe_ok: p.lastProbe?.ok ?? null,
    requests_per_second: (byPod.get(p.name) ?? 0) / (RATE_WINDOW_MS / 1000),
    eject_reason: ejectReason(p),
  }));
}

/** Pods known only by scraping their /metrics: up while the last scrape succeeded. */
export function scrapedPods(reports: Iterable<ScrapeReport>, store: SloStore, now: number): PodInfo[] {
  const rates = new Map<string, Map<string, number>>();
  return [...reports].map((r): PodInfo => {
    let byPod = rates.get(r.environment);
    if (!byPod) {
      byPod = store.requestsByPod(r.environment, now - RATE_WINDOW_MS, now);
      rates.set(r.environment, byPod);
    }
    return {
      environment: r.environment,
      pod: r.pod,
      models: [],
      url: redact(r.url),
      healthy: r.ok,
      state: r.ok ? 'healthy' : 'unhealthy',
      ejected_until: null,
      ejections: null,
      panic: null,
      in_flight: null,
      last_probe: new Date(r.at).toISOString(),
      last_probe_ok: r.ok,
      requests_per_second: (byPod.get(r.pod) ?? 0) / (RATE_WINDOW_MS / 1000),
      eject_reason: r.error ?? null,
      last_scrape_success: r.lastOkAt === undefined ? null : new Date(r.lastOkAt).toISOString(),
    };
  });
}

/** A pod URL without userinfo or query (credentials never reach a page). */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable URL)';
  }
}

function info(a: ActiveAlert, state: AlertInfo['state'], resolvedAt?: number): AlertInfo {
  return {
    alertname: a.alertname,
    severity: a.labels.severity ?? '',
    environment: a.labels.environment ?? '',
    labels: { ...a.labels },
    summary: a.annotations.summary ?? '',
    state,
    active_since: new Date(a.firingSince ?? a.activeSince).toISOString(),
    resolved_at: resolvedAt === undefined ? null : new Date(resolvedAt).toISOString(),
  };
}

/** The alerts document from the alert loop's snapshot. */
export function alertsDocument(s: AlertLoopSnapshot): AlertsDocument {
  return {
    firing: s.firing.map((a) => info(a, 'firing')),
    pending: s.pending.map((a) => info(a, 'pending')),
    resolved: s.resolved.map((r) => info(r.alert, 'resolved', r.resolvedAt)),
  };
}
