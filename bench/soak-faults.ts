/**
 * Faults injected through the simulator's admin endpoint during the soak, one
 * a minute, in turn: a latency spike, an outage (connections refused, so the
 * gateway ejects the pod, retries elsewhere and re-admits it on a good probe)
 * and a burst of 500s (outlier detection's consecutive-5xx ejection). Each
 * ends by itself (`duration`), so the fleet is whole again between them.
 */
import type { RunningSim } from './soak-procs.ts';

/** One injection and how the pod answered it. */
export interface Injection {
  atS: number;
  pod: string;
  fault: string;
  status: number | string;
}

const CYCLE: ReadonlyArray<{ label: string; patch: Record<string, unknown> }> = [
  { label: 'latency x4 for 20s', patch: { latencyMultiplier: 4, duration: '20s' } },
  { label: 'outage for 10s', patch: { outage: true, duration: '10s' } },
  { label: 'all 500 for 10s', patch: { errorRates: { 500: 1 }, duration: '10s' } },
];

/**
 * Injects the next fault of the cycle every `everyMs`, the first after
 * `firstMs`, into pods in turn; `stop()` ends the schedule and returns what
 * was injected. Times are seconds from `t0` (performance.now()).
 */
export function startFaults(
  pods: RunningSim['pods'],
  t0: number,
  firstMs: number,
  everyMs: number,
): { stop(): Injection[] } {
  const done: Injection[] = [];
  let n = 0;
  const inject = async () => {
    const step = CYCLE[n % CYCLE.length];
    const pod = pods[n % pods.length];
    n++;
    if (!step || !pod) return;
    const atS = (performance.now() - t0) / 1000;
    try {
      const r = await fetch(`${pod.url}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(step.patch),
      });
      await r.arrayBuffer();
      done.push({ atS, pod: pod.name, fault: step.label, status: r.status });
    } catch (err) {
      done.push({ atS, pod: pod.name, fault: step.label, status: (err as Error).message });
    }
  };
  let every: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void inject();
    every = setInterval(() => void inject(), everyMs);
  }, firstMs);
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
      return done;
    },
  };
}
