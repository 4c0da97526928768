/**
 * The gateway's view of one environment's vLLM pods: active /health probes
 * with ejection and re-admission, passive ejection when a connection fails,
 * outlier ejection of pods whose requests keep failing (outlier-detector.ts),
 * panic routing when too few pods are left, least-outstanding-requests
 * selection, and the models the pods serve (the only values, with the
 * spec's, that the `model` label may take). Every move of a pod in or out of
 * rotation is reported once as an event (pod-events.ts).
 */
import type { OutlierOptions, UpstreamOutcome } from './outlier-detector.ts';
import type { EjectReason, PodEvent } from './pod-events.ts';
import { Rotation } from './pod-rotation.ts';
import {
  inRotation,
  newPodState,
  type PodRoute,
  type PodState,
  type PodStatus,
  snapshot,
} from './pod-state.ts';
import { clipError, type PodTarget, ProbeConnection, UpstreamError } from './pod-upstreams.ts';

export type { PodRoute, PodStatus } from './pod-state.ts';
export { type PodTarget, parseUpstreams, UpstreamError, type UpstreamErrorCode } from './pod-upstreams.ts';

export interface PodPoolOptions {
  pods: readonly PodTarget[];
  /** Time between probe rounds; default 5000. */
  probeIntervalMs?: number;
  /** Connect, headers and body timeout of one probe; default 2000. */
  probeTimeoutMs?: number;
  /** Consecutive failed probes that eject a pod; default 2 (Kubernetes' failureThreshold idea, faster). */
  unhealthyThreshold?: number;
  /** Consecutive good probes that re-admit an ejected pod; default 1. */
  healthyThreshold?: number;
  /** Called whenever a pod's health changes, including its first probe (the gateway sets vllm_pod_up). */
  onHealthChange?: (pod: PodStatus) => void;
  /** Headers for /v1/models, e.g. authorization when vLLM runs with --api-key (/health needs none). */
  modelsHeaders?: Readonly<Record<string, string>>;
  /** Consecutive-failure ejection and panic routing (defaults: OUTLIER_DEFAULTS, Envoy's). */
  outlier?: OutlierOptions;
  /** Called once for every move of a pod in or out of rotation, and for panic mode's start and end. */
  onEvent?: (event: PodEvent) => void;
  /** For tests: a clock (Date.now by default). */
  now?: () => number;
}

/** Models are re-read this often, so a pod restarted with another model is noticed. */
const MODELS_REFRESH_MS = 60_000;
/** After a failed /v1/models, try again sooner than a full refresh period. */
const MODELS_RETRY_MS = 10_000;

/** The upstream pods of one environment and their health. */
export class PodPool {
  private readonly states: PodState[];
  private readonly interval: number;
  private readonly timeout: number;
  private readonly unhealthyThreshold: number;
  private readonly healthyThreshold: number;
  private readonly now: () => number;
  private readonly rotation: Rotation;
  private timer: NodeJS.Timeout | undefined;
  private cursor = 0;
  private stopped = false;
  /** knownModels() is asked on every request; rebuilt only after a models read. */
  private known: ReadonlySet<string> | undefined;

  /** @throws UpstreamError for two pods with one name; RangeError for a non-positive option. */
  constructor(private readonly opts: PodPoolOptions) {
    this.interval = positive('probeIntervalMs', opts.probeIntervalMs ?? 5000);
    this.timeout = positive('probeTimeoutMs', opts.probeTimeoutMs ?? 2000);
    this.unhealthyThreshold = positive('unhealthyThreshold', opts.unhealthyThreshold ?? 2);
    this.healthyThreshold = positive('healthyThreshold', opts.healthyThreshold ?? 1);
    this.now = opts.now ?? Date.now;
    const names = new Set<string>();
    this.states = opts.pods.map((p) => {
      if (names.has(p.name))
        throw new UpstreamError(
          'duplicate_pod_name',
          p.name,
          `pod name ${JSON.stringify(p.name)} is used twice`,
        );
      names.add(p.name);
      // Kept alive from one round to the next, so probing stays cheap for the pod.
      return newPodState(p, new ProbeConnection(p.url, this.timeout, this.interval + this.timeout));
    });
    this.rotation = new Rotation(this.states, opts.outlier ?? {}, this.now, opts.onEvent);
  }

  /** Probes every pod once and waits for it, so the first request sees real health; then probes on the interval. */
  async start(): Promise<void> {
    if (this.stopped) throw new Error('PodPool was stopped; create a new one');
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.interval);
    // Probing must never be the reason the gateway's process stays alive.
    this.timer.unref();
    this.tick();
    await Promise.all(this.states.map((s) => s.probing));
    this.rotation.update();
  }

  /** Stops probing and closes the probe connections; results of probes cut short are dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const running = this.states.map((s) => s.probing);
    await Promise.all(this.states.map((s) => s.conn.close()));
    await Promise.all(running);
  }

  /**
   * Least outstanding requests among pods in rotation (probes pass, not
   * ejected; in panic mode every probed pod) not in `exclude` (pod names);
   * ties are broken round-robin so equal pods share load. undefined if no
   * pod qualifies.
   */
  pick(exclude?: ReadonlySet<string>): PodStatus | undefined {
    const state = this.choose(exclude);
    return state ? snapshot(state) : undefined;
  }

  /** pick() for the request path: the same choice, without copying the pod's status. */
  pickRoute(exclude?: ReadonlySet<string>): PodRoute | undefined {
    return this.choose(exclude)?.route;
  }

  private choose(exclude: ReadonlySet<string> | undefined): PodState | undefined {
    this.rotation.expire();
    const n = this.states.length;
    const any = this.rotation.panicking;
    let best: { state: PodState; index: number } | undefined;
    // Scanning from the cursor makes the first of the tied pods a different one each time.
    for (let k = 0; k < n; k++) {
      const index = (this.cursor + k) % n;
      const state = this.states[index];
      // In panic every probed pod takes traffic, ejected or unhealthy (Envoy's panic threshold).
      if (!state || !(any ? state.probed : inRotation(state)) || exclude?.has(state.name)) continue;
      if (!best || state.outstanding < best.state.outstanding) best = { state, index };
    }
    if (!best) return undefined;
    this.cursor = (best.index + 1) % n;
    return best.state;
  }

  /** One more request open on the pod. Unknown names are ignored (bookkeeping must not fail a request). */
  acquire(name: string): void {
    const s = this.find(name);
    if (s) s.outstanding++;
  }

  /** One request fewer open on the pod, never below 0. Unknown names are ignored. */
  release(name: string): void {
    const s = this.find(name);
    if (s) s.outstanding = Math.max(0, s.outstanding - 1);
  }

  /**
   * Passive ejection: a connection to the pod was refused or reset before
   * any response. The pod leaves rotation now and comes back through the
   * probes (healthyThreshold good ones, all started after this call).
   */
  markFailed(name: string, detail: string, reason: EjectReason = 'connection_refused'): void {
    const s = this.find(name);
    if (!s || this.stopped) return;
    s.generation++;
    s.consecutiveSuccesses = 0;
    if (s.healthy) this.setHealth(s, false, `request failed: ${clipError(detail)}`, reason);
  }

  /**
   * How one attempt on the pod ended, for outlier detection: enough server
   * failures in a row eject a pod in rotation (attempts in panic mode on
   * pods out of rotation do not count).
   */
  report(name: string, outcome: UpstreamOutcome): void {
    const s = this.find(name);
    if (s && !this.stopped) this.rotation.report(s, outcome);
  }

  /** Copies of every pod's status, in the order given (ejections whose time is up ended first). */
  pods(): readonly PodStatus[] {
    this.rotation.expire();
    return this.states.map(snapshot);
  }

  /** Routing to every probed pod because too few are in rotation (panic mode). */
  get panicking(): boolean {
    this.rotation.expire();
    return this.rotation.panicking;
  }

  /** A pod's first served model (what vLLM answers a request naming none with); undefined before its models are read. */
  servedModel(name: string): string | undefined {
    return this.find(name)?.models[0];
  }

  /** Models any pod, healthy or not, reported on /v1/models (re-read after re-admission and every ~60 s). */
  knownModels(): ReadonlySet<string> {
    this.known ??= new Set(this.states.flatMap((s) => s.models));
    return this.known;
  }

  private find(name: string): PodState | undefined {
    return this.states.find((s) => s.name === name);
  }

  private tick(): void {
    this.rotation.expire();
    for (const s of this.states) {
      // A slow probe is still running: skip this round rather than stack probes on a struggling pod.
      if (s.probing || this.stopped) continue;
      s.probing = this.probe(s).finally(() => {
        s.probing = undefined;
      });
    }
  }

  private async probe(s: PodState): Promise<void> {
    const generation = s.generation;
    const at = this.now();
    const started = performance.now();
    const error = await s.conn.health();
    const latencyMs = performance.now() - started;
    if (this.stopped || generation !== s.generation) return;
    s.lastProbe = error === undefined ? { at, ok: true, latencyMs } : { at, ok: false, latencyMs, error };
    if (error !== undefined) {
      s.consecutiveSuccesses = 0;
      s.consecutiveFailures++;
      if (!s.probed || (s.healthy && s.consecutiveFailures >= this.unhealthyThreshold))
        this.setHealth(s, false, error, 'probe_failed');
      else if (!s.healthy) s.ejectReason = error;
      return;
    }
    s.consecutiveFailures = 0;
    s.consecutiveSuccesses++;
    const admit = !s.probed || (!s.healthy && s.consecutiveSuccesses >= this.healthyThreshold);
    // Read models before admitting, so the first request to the pod already gets its model label.
    if (admit || this.now() >= s.modelsDueAt) await this.readModels(s);
    if (this.stopped || generation !== s.generation) return;
    if (admit) this.setHealth(s, true, undefined, 'probe_passed');
  }

  private async readModels(s: PodState): Promise<void> {
    const read = await s.conn.models(this.opts.modelsHeaders);
    // A failed read keeps the models we had: the label set should not shrink because of one bad answer.
    if ('ids' in read) {
      s.models = read.ids;
      this.known = undefined;
    }
    s.modelsDueAt = this.now() + ('ids' in read ? MODELS_REFRESH_MS : MODELS_RETRY_MS);
  }

  private setHealth(
    s: PodState,
    healthy: boolean,
    error: string | undefined,
    reason: EjectReason | 'probe_passed',
  ): void {
    // Before the first probe a pod counts as in rotation: one that starts down is reported, one that starts up is not.
    const wasIn = !s.probed || inRotation(s);
    const changed = !s.probed || s.healthy !== healthy;
    s.probed = true;
    s.healthy = healthy;
    s.ejectReason = healthy ? undefined : error;
    if (!changed) return;
    try {
      this.opts.onHealthChange?.(snapshot(s));
    } catch {
      // A faulty listener must not stop the probes that keep traffic away from dead pods.
    }
    if (reason === 'probe_passed') this.rotation.back(s, wasIn, reason);
    else this.rotation.left(s, wasIn, reason, null, error === undefined ? {} : { detail: clipError(error) });
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`${name} must be above 0, got ${value}`);
  return value;
}
