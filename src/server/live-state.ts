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
import type { SloSource } from '../sources/index.ts';
import type { Environment, SloSpec } from '../spec/index.ts';

/** Requests/s of the pods column: over the last 5 minutes, as the guide's rate(...[5m]) panels. */
const RATE_WINDOW = '5m';

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
export async function podInfos(
  env: Environment,
  pods: readonly PodStatus[],
  source: SloSource,
  now: number,
  panic: boolean,
): Promise<PodInfo[]> {
  const byPod = await source.throughputByPod(env, RATE_WINDOW, now);
  return pods.map((p) => ({
    environment: env.name,
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
    requests_per_second: byPod.get(p.name) ?? 0,
    eject_reason: ejectReason(p),
  }));
}

/** Requests/s of each pod of each environment of `spec` named in `environments`. */
async function podRates(
  spec: SloSpec,
  environments: Iterable<string>,
  source: SloSource,
  now: number,
): Promise<Map<string, Map<string, number>>> {
  const envs = spec.environments.filter((e) => new Set(environments).has(e.name));
  const rates = await Promise.all(envs.map((e) => source.throughputByPod(e, RATE_WINDOW, now)));
  return new Map(envs.map((e, i) => [e.name, rates[i] ?? new Map()]));
}

/** Pods known only by scraping their /metrics: up while the last scrape succeeded. */
export async function scrapedPods(
  spec: SloSpec,
  reports: Iterable<ScrapeReport>,
  source: SloSource,
  now: number,
): Promise<PodInfo[]> {
  const all = [...reports];
  const rates = await podRates(
    spec,
    all.map((r) => r.environment),
    source,
    now,
  );
  return all.map(
    (r): PodInfo => ({
      ...unknownRotation(r.environment, r.pod, r.ok, rates),
      url: redact(r.url),
      last_probe: new Date(r.at).toISOString(),
      last_probe_ok: r.ok,
      eject_reason: r.error ?? null,
      last_scrape_success: r.lastOkAt === undefined ? null : new Date(r.lastOkAt).toISOString(),
    }),
  );
}

/**
 * Pods as a Prometheus source sees them: their health metric (vllm_pod_up)
 * and request rates; URLs, probes and rotation are the gateway's, unknown here.
 */
export async function sourcePods(spec: SloSpec, source: SloSource, now: number): Promise<PodInfo[]> {
  const rates = await podRates(
    spec,
    spec.environments.map((e) => e.name),
    source,
    now,
  );
  const health = await Promise.all(spec.environments.map((e) => source.podHealth(e, now)));
  return spec.environments.flatMap((e, i) =>
    (health[i] ?? []).map(
      (h): PodInfo => ({
        ...unknownRotation(e.name, h.pod, h.up, rates),
        url: '',
        last_probe: null,
        last_probe_ok: null,
        eject_reason: null,
      }),
    ),
  );
}

/** The fields of a pod whose place in a gateway's rotation is unknown: healthy or not is all there is. */
function unknownRotation(
  environment: string,
  pod: string,
  up: boolean,
  rates: Map<string, Map<string, number>>,
) {
  return {
    environment,
    pod,
    models: [],
    healthy: up,
    state: up ? ('healthy' as const) : ('unhealthy' as const),
    ejected_until: null,
    ejections: null,
    panic: null,
    in_flight: null,
    requests_per_second: rates.get(environment)?.get(pod) ?? 0,
  };
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
