/**
 * Passive health checking as Envoy's outlier detection does it (consecutive
 * 5xx, envoyproxy.io "Outlier detection" and OutlierDetection proto): a pod
 * whose last N attempts all failed on the server side is ejected for
 * base_ejection_time x the number of times it was ejected, capped; at most
 * max_ejection_percent of the pods (at least one) are ejected at once; with
 * too few pods left the pool routes to all of them (panic mode, Envoy's
 * panic threshold). Pure bookkeeping on an injected clock: the pool decides
 * what an ejection means for routing and logs it.
 */

import { codeOf, isTimeout } from './classify.ts';

/** How one attempt to send a request to a pod ended (`outcome` of vllm_upstream_attempts_total). */
export type UpstreamOutcome = 'ok' | 'refused' | 'reset' | 'timeout' | 'http_5xx';

export const UPSTREAM_OUTCOMES: readonly UpstreamOutcome[] = [
  'ok',
  'refused',
  'reset',
  'timeout',
  'http_5xx',
];

/**
 * The outcome of an attempt that got an answer: a status of 500 or more, or
 * a server-class error found in the body (an in-stream error event), is
 * `http_5xx`; a stream that broke is `reset`, one that stalled `timeout`;
 * everything else, 4xx included (the caller's problem, never the pod's), `ok`.
 */
export function answeredOutcome(status: number, errorClass?: string, errorType?: string): UpstreamOutcome {
  if (errorType === 'stream_aborted') return 'reset';
  if (errorType === 'timeout') return 'timeout';
  if (status >= 500) return 'http_5xx';
  // An error event inside a 200 stream (vLLM's `data: {"error": ...}`) is the pod's failure too.
  if (status < 400 && errorClass === 'server') return 'http_5xx';
  return 'ok';
}

/** The outcome of an attempt that failed before the pod's answer began. */
export function failedOutcome(err: unknown): UpstreamOutcome {
  if (isTimeout(err)) return 'timeout';
  return codeOf(err) === 'ECONNREFUSED' ? 'refused' : 'reset';
}

export interface OutlierOptions {
  /** Consecutive server failures (5xx, refused, reset, timeout) that eject a pod; 0 disables. Envoy's default 5. */
  consecutive5xx?: number;
  /** First ejection time; the n-th ejection lasts n times as long. Envoy's default 30 s. */
  baseEjectionMs?: number;
  /** Cap of one ejection (at least baseEjectionMs). Envoy's default 300 s. */
  maxEjectionMs?: number;
  /** At most this share of the pods is ejected at once, but always at least one. Envoy's default 10. */
  maxEjectionPercent?: number;
  /**
   * Panic when fewer than this share of the pods is in rotation: then every
   * pod gets traffic, ejected or unhealthy. Default 0: panic only when no
   * pod is left (Envoy's 50 sends traffic to known-dead pods while half the
   * fleet is down; vLLM pods queue rather than collapse, so we wait longer).
   */
  panicThresholdPercent?: number;
}

export const OUTLIER_DEFAULTS: Readonly<Required<OutlierOptions>> = Object.freeze({
  consecutive5xx: 5,
  baseEjectionMs: 30_000,
  maxEjectionMs: 300_000,
  maxEjectionPercent: 10,
  panicThresholdPercent: 0,
});

/** An ejection that an attempt caused. */
export interface Ejection {
  /** How long the pod stays out. */
  ejectionMs: number;
  /** The failures in a row that ejected it. */
  failures: number;
  /** Times ejected, after decay (the multiplier of baseEjectionMs). */
  ejections: number;
}

interface PodOutlier {
  failures: number;
  /** Ejected until then; undefined while not ejected (expire() clears it). */
  until: number | undefined;
  /** The multiplier of the last ejection. */
  multiplier: number;
  /** When the last ejection ended (for the decay of the multiplier). */
  since: number;
}

/** A bad outlier option: `code`, the offending value, and what was expected. */
export class OutlierOptionError extends Error {
  readonly code = 'invalid_outlier_option';
  constructor(
    readonly option: string,
    readonly value: number,
    readonly expected: string,
  ) {
    super(`${option} must be ${expected}, got ${value}`);
    this.name = 'OutlierOptionError';
  }
}

/** Per-pod consecutive failures and ejections of one environment. */
export class OutlierDetector {
  readonly options: Readonly<Required<OutlierOptions>>;
  private readonly pods = new Map<string, PodOutlier>();
  /** Earliest `until` of any ejected pod, so expire() is one comparison when nothing is due. */
  private nextDue = Number.POSITIVE_INFINITY;

  /** @throws OutlierOptionError for a negative count, a non-positive time or a percentage outside 0-100. */
  constructor(
    names: readonly string[],
    options: OutlierOptions,
    private readonly now: () => number,
  ) {
    const o = { ...OUTLIER_DEFAULTS, ...options };
    check(
      'consecutive5xx',
      o.consecutive5xx,
      Number.isInteger(o.consecutive5xx) && o.consecutive5xx >= 0,
      'a whole number >= 0',
    );
    check(
      'baseEjectionMs',
      o.baseEjectionMs,
      o.baseEjectionMs > 0 && Number.isFinite(o.baseEjectionMs),
      'above 0',
    );
    check(
      'maxEjectionMs',
      o.maxEjectionMs,
      o.maxEjectionMs > 0 && Number.isFinite(o.maxEjectionMs),
      'above 0',
    );
    for (const k of ['maxEjectionPercent', 'panicThresholdPercent'] as const)
      check(k, o[k], o[k] >= 0 && o[k] <= 100, 'a percentage from 0 to 100');
    this.options = Object.freeze(o);
    const start = now();
    for (const name of names)
      this.pods.set(name, { failures: 0, until: undefined, multiplier: 0, since: start });
  }

  /** Ejected now (until expire() reports the pod back). */
  isEjected(name: string): boolean {
    return this.pods.get(name)?.until !== undefined;
  }

  /** When the pod's ejection ends; undefined when it is not ejected. */
  ejectedUntil(name: string): number | undefined {
    return this.pods.get(name)?.until;
  }

  /**
   * Counts one attempt on a pod in rotation; returns the ejection it caused.
   * A success resets the count; so does an ejection (the pod starts afresh
   * when it comes back).
   */
  record(name: string, outcome: UpstreamOutcome): Ejection | undefined {
    const p = this.pods.get(name);
    const { consecutive5xx, baseEjectionMs, maxEjectionMs } = this.options;
    if (!p || p.until !== undefined) return undefined;
    if (outcome === 'ok') {
      p.failures = 0;
      return undefined;
    }
    p.failures++;
    if (consecutive5xx === 0 || p.failures < consecutive5xx || !this.mayEject()) return undefined;
    const now = this.now();
    // Envoy lowers the multiplier while a host behaves; here by one per base ejection time in rotation.
    const decay = Math.floor((now - p.since) / baseEjectionMs);
    p.multiplier = Math.max(0, p.multiplier - decay) + 1;
    const ejectionMs = Math.min(baseEjectionMs * p.multiplier, Math.max(maxEjectionMs, baseEjectionMs));
    const failures = p.failures;
    p.failures = 0;
    p.until = now + ejectionMs;
    this.nextDue = Math.min(this.nextDue, p.until);
    return { ejectionMs, failures, ejections: p.multiplier };
  }

  /** Ends the ejections whose time is up; returns those pods' names. */
  expire(): string[] {
    // Nothing ejected: no clock read on the request path.
    if (this.nextDue === Number.POSITIVE_INFINITY) return [];
    const now = this.now();
    if (now < this.nextDue) return [];
    const ended: string[] = [];
    this.nextDue = Number.POSITIVE_INFINITY;
    for (const [name, p] of this.pods) {
      if (p.until === undefined) continue;
      if (now >= p.until) {
        p.until = undefined;
        p.since = now;
        ended.push(name);
      } else this.nextDue = Math.min(this.nextDue, p.until);
    }
    return ended;
  }

  /** True when `available` of `total` pods is too few to route only to them. */
  panic(available: number, total: number): boolean {
    return available === 0 || available * 100 < this.options.panicThresholdPercent * total;
  }

  /** Envoy: below max_ejection_percent of the pods ejected, and always at least one. */
  private mayEject(): boolean {
    let ejected = 0;
    for (const p of this.pods.values()) if (p.until !== undefined) ejected++;
    const allowed = Math.max(1, Math.floor((this.options.maxEjectionPercent * this.pods.size) / 100));
    return ejected < allowed;
  }
}

function check(option: string, value: number, ok: boolean, expected: string): void {
  if (!ok) throw new OutlierOptionError(option, value, expected);
}
