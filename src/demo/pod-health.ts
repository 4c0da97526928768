/**
 * Pod health into the store: every probe interval, what each gateway's pod
 * pool believes about its pods, as up-seconds and observed-seconds, so the
 * store can answer time-based availability (minutes with some pod up) for
 * the live demo as it does for the backfilled history.
 */
import type { PodStatus } from '../gateway/index.ts';
import type { SloStore } from '../store/index.ts';

/** Something with pods and a health view of them: a Gateway's PodPool. */
export interface HealthView {
  pods(): readonly PodStatus[];
}

export interface PodHealthRecorder {
  /** Takes one sample now (also called on every interval). */
  sample(): void;
  stop(): void;
}

/**
 * Samples each environment's pod health every `intervalMs`, each sample
 * standing for `intervalMs` of time. The timer is unref'd: it never keeps
 * the process alive.
 */
export function recordPodHealth(
  store: SloStore,
  views: ReadonlyArray<{ environment: string; pool: HealthView }>,
  intervalMs: number,
  now: () => number = Date.now,
): PodHealthRecorder {
  const sample = () => {
    const at = now();
    for (const v of views)
      for (const p of v.pool.pods())
        store.recordPodHealth(v.environment, p.name, at, p.healthy, intervalMs / 1000);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return { sample, stop: () => clearInterval(timer) };
}
