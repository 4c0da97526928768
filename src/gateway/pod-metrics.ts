/**
 * The per-pod counters of DESIGN.md's metric contract that are not about
 * finished requests: every attempt to send a request to a pod by outcome
 * (so a pod that fails everything shows even when its clients were served
 * elsewhere), and every time a pod left rotation by reason. On the
 * gateway's registry, beside GatewayMetrics.
 */
import { Counter, type Registry } from 'prom-client';
import { UPSTREAM_OUTCOMES, type UpstreamOutcome } from './outlier-detector.ts';
import { EJECT_REASONS, type EjectReason } from './pod-events.ts';

export class PodMetrics {
  private readonly attempts: Counter<'environment' | 'pod' | 'outcome'>;
  private readonly ejections: Counter<'environment' | 'pod' | 'reason'>;
  /** Children by pod and outcome: resolved once, not per request. */
  private readonly attemptChildren = new Map<string, Counter.Internal>();

  constructor(
    registry: Registry,
    private readonly environment: string,
  ) {
    this.attempts = new Counter({
      name: 'vllm_upstream_attempts_total',
      help: 'Attempts to send a request to a pod, by outcome (ok, refused, reset, timeout, http_5xx); retries included.',
      labelNames: ['environment', 'pod', 'outcome'],
      registers: [registry],
    });
    this.ejections = new Counter({
      name: 'vllm_pod_ejections_total',
      help: 'Times a pod left rotation, by reason (probe_failed, connection_refused, connection_reset, consecutive_5xx).',
      labelNames: ['environment', 'pod', 'reason'],
      registers: [registry],
    });
  }

  /** Creates a pod's series at zero, so increase() sees the first attempt and ejection. */
  initPod(pod: string): void {
    for (const outcome of UPSTREAM_OUTCOMES) this.attempt(pod, outcome, 0);
    for (const reason of EJECT_REASONS) this.ejections.inc({ environment: this.environment, pod, reason }, 0);
  }

  /** Counts one attempt on a pod. */
  attempt(pod: string, outcome: UpstreamOutcome, n = 1): void {
    const key = `${pod}\u0000${outcome}`;
    let child = this.attemptChildren.get(key);
    if (!child) {
      child = this.attempts.labels(this.environment, pod, outcome);
      this.attemptChildren.set(key, child);
    }
    child.inc(n);
  }

  /** Counts one move of a pod out of rotation. */
  ejected(pod: string, reason: EjectReason): void {
    this.ejections.inc({ environment: this.environment, pod, reason });
  }
}
