/**
 * Which pods take traffic, and the one event per change: a pod leaving
 * rotation (failed probes, a refused connection, outlier ejection), coming
 * back (a good probe, its ejection time over), and panic mode starting or
 * ending. The pool calls it on every health change and attempt result.
 */
import { OutlierDetector, type OutlierOptions, type UpstreamOutcome } from './outlier-detector.ts';
import type { EjectReason, PodEvent, ReadmitReason } from './pod-events.ts';
import { inRotation, type PodState } from './pod-state.ts';

export class Rotation {
  private readonly outlier: OutlierDetector;
  private panic = false;

  /** @throws OutlierOptionError for a bad outlier option. */
  constructor(
    private readonly states: readonly PodState[],
    options: OutlierOptions,
    private readonly now: () => number,
    private readonly onEvent: ((event: PodEvent) => void) | undefined,
  ) {
    this.outlier = new OutlierDetector(
      states.map((s) => s.name),
      options,
      now,
    );
  }

  /** Routing to every probed pod, because too few are in rotation. */
  get panicking(): boolean {
    return this.panic;
  }

  /** Counts an attempt's result on a pod in rotation; enough failures in a row eject it. */
  report(s: PodState, outcome: UpstreamOutcome): void {
    if (!inRotation(s)) return;
    const ejection = this.outlier.record(s.name, outcome);
    if (!ejection) return;
    const detail = `${ejection.failures} server failures in a row`;
    s.ejectedUntil = this.outlier.ejectedUntil(s.name);
    s.ejection = { reason: 'consecutive_5xx', detail, ejections: ejection.ejections };
    this.left(s, true, 'consecutive_5xx', ejection.ejectionMs, { ejections: ejection.ejections, detail });
  }

  /** Ends due ejections; a pod whose probes pass is back in rotation at once. */
  expire(): void {
    for (const name of this.outlier.expire()) {
      const s = this.states.find((p) => p.name === name);
      if (!s) continue;
      s.ejectedUntil = undefined;
      s.ejection = undefined;
      this.back(s, false, 'ejection_expired');
    }
  }

  /** Reports a pod that left rotation (nothing when it was already out). */
  left(
    s: PodState,
    wasIn: boolean,
    reason: EjectReason,
    ejectionMs: number | null,
    extra: { ejections?: number; detail?: string } = {},
  ): void {
    if (!wasIn || inRotation(s)) return;
    s.outSince = this.now();
    this.emit({ event: 'pod_ejected', pod: s.name, reason, ejection_ms: ejectionMs, ...extra });
    this.update();
  }

  /** Reports a pod back in rotation (nothing while it is still out, e.g. ejected but healthy again). */
  back(s: PodState, wasIn: boolean, reason: ReadmitReason): void {
    if (wasIn || !inRotation(s)) return;
    const now = this.now();
    this.emit({ event: 'pod_readmitted', pod: s.name, reason, ejection_ms: now - (s.outSince ?? now) });
    s.outSince = undefined;
    this.update();
  }

  /** Enters or leaves panic mode; decided only once every pod has had its first probe. */
  update(): void {
    if (!this.states.every((s) => s.probed)) return;
    const available = this.states.filter(inRotation).length;
    const panic = this.outlier.panic(available, this.states.length);
    if (panic === this.panic) return;
    this.panic = panic;
    const [event, reason] = panic
      ? (['panic_entered', 'too_few_pods'] as const)
      : (['panic_left', 'pods_available'] as const);
    this.emit({ event, reason, available, pods: this.states.length });
  }

  private emit(event: PodEvent): void {
    try {
      this.onEvent?.(event);
    } catch {
      // Logging must not break routing.
    }
  }
}
