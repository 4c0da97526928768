/**
 * Embedded-mode alerting: what Prometheus's rule manager does for the
 * generated rules, on the embedded data. Every interval it asks which
 * conditions hold, moves the alert states (pending, firing, resolved) and
 * hands the changes to the notifier, which delivers each once and retries
 * failed sends. Evaluations never overlap. A failed evaluation (the source
 * could not answer) changes nothing: resolving every alert because the data
 * is unreadable would send false all-clears.
 */
import { type ActiveAlert, type AlertCondition, AlertStates, type Transition } from '../engine/index.ts';
import type { AlertNotifier } from './notifier.ts';

export interface AlertLoopOptions {
  /** Between evaluations (default 30 s, a common Prometheus evaluation_interval). */
  intervalMs?: number;
  /** The conditions holding at a moment; a rejection keeps the previous states. */
  conditions: (at: number) => Promise<AlertCondition[]>;
  /** Where firing and resolved alerts go; without one, states are only kept (for the UI). */
  notifier?: AlertNotifier;
  now?: () => number;
  /** How long resolved alerts stay in snapshot() (default 24 h). */
  keepResolvedMs?: number;
  /** Told about failed evaluations and failed sends; the loop carries on. */
  onError?: (err: unknown) => void;
}

export interface ResolvedAlert {
  alert: ActiveAlert;
  resolvedAt: number;
}

export interface AlertLoopSnapshot {
  firing: ActiveAlert[];
  pending: ActiveAlert[];
  /** Newest first, within keepResolvedMs. */
  resolved: ResolvedAlert[];
}

/** A send that failed; the notifier keeps the alerts and retries. */
export class AlertDeliveryError extends Error {
  readonly code = 'delivery_failed';
  constructor(readonly waiting: number) {
    super(`alert delivery failed; ${waiting} alert state(s) wait for a retry`);
    this.name = 'AlertDeliveryError';
  }
}

/** Bounds the resolved history of a flapping alert within keepResolvedMs. */
const MAX_RESOLVED = 1000;

export class AlertLoop {
  private readonly states = new AlertStates();
  private resolved: ResolvedAlert[] = [];
  /** The last queued evaluation; the next one starts after it settles. */
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly keepResolvedMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AlertLoopOptions) {
    this.intervalMs = options.intervalMs ?? 30_000;
    this.keepResolvedMs = options.keepResolvedMs ?? 24 * 3_600_000;
    this.now = options.now ?? Date.now;
    if (!(this.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${this.intervalMs}`);
  }

  /**
   * Evaluates every intervalMs, the first time one interval from now (call
   * evaluateOnce() first for an immediate evaluation). Like a server, a
   * started loop keeps the process alive until stop(); a stopped loop stays
   * stopped.
   */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.schedule(this.intervalMs);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      const started = this.now();
      void this.evaluateOnce().finally(() => {
        // Fixed rate; an evaluation longer than the interval delays the next, never overlaps it.
        if (this.running) this.schedule(Math.max(0, this.intervalMs - (this.now() - started)));
      });
    }, delayMs);
  }

  /**
   * Stops the timer, waits for an evaluation in flight (and its send), then
   * stops the notifier's retries: nothing is sent after this resolves.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
    this.options.notifier?.stop();
  }

  /**
   * One evaluation at `at` (default now), after any in flight; resolves to
   * the transitions it caused (none when conditions() failed or the loop is
   * stopped).
   */
  evaluateOnce(at?: number): Promise<Transition[]> {
    const run = this.chain.then(() => this.evaluate(at ?? this.now()));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async evaluate(at: number): Promise<Transition[]> {
    if (this.stopped) return [];
    let holding: AlertCondition[];
    try {
      holding = await this.options.conditions(at);
    } catch (err) {
      this.options.onError?.(err);
      return [];
    }
    const transitions = this.states.evaluate(at, holding);
    for (const t of transitions)
      if (t.kind === 'resolved') this.resolved.unshift({ alert: { ...t.alert }, resolvedAt: t.at });
    this.prune(at);
    const notifier = this.options.notifier;
    if (notifier) {
      const failed = notifier.snapshot().failed;
      try {
        await notifier.deliver(transitions, this.states.firing());
        const after = notifier.snapshot();
        if (after.failed > failed) this.options.onError?.(new AlertDeliveryError(after.waiting));
      } catch (err) {
        this.options.onError?.(err);
      }
    }
    return transitions;
  }

  private prune(at: number): void {
    const keepAfter = at - this.keepResolvedMs;
    this.resolved = this.resolved.filter((r) => r.resolvedAt >= keepAfter).slice(0, MAX_RESOLVED);
  }

  /** Alerts firing and pending now, and those resolved within keepResolvedMs (newest first). */
  snapshot(): AlertLoopSnapshot {
    this.prune(this.now());
    return {
      firing: this.states.firing().map((a) => ({ ...a })),
      pending: this.states.pending().map((a) => ({ ...a })),
      resolved: this.resolved.map((r) => ({ alert: { ...r.alert }, resolvedAt: r.resolvedAt })),
    };
  }
}
