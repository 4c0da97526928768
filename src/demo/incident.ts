/**
 * The demo's scripted incident: fault overlays switched on through the
 * simulator's runtime fault API at set times and off again by their own
 * expiry, so budgets burn and alerts fire, then resolve, while someone
 * watches.
 */
import { type FaultPatch, type Faults, realClock, type SimClock } from '../sim/index.ts';

const MIN = 60_000;

/** One fault of the script. */
export interface IncidentStep {
  /** Shown in events ("staging error burst"). */
  name: string;
  /** What it does, for people watching ("60 % of requests fail (500, 503)"). */
  description: string;
  environment: string;
  /** When it starts, from the start of the incident. */
  atMs: number;
  durationMs: number;
  patch: FaultPatch;
  /** Indexes of the environment's pods it hits; all of them by default. */
  pods?: readonly number[];
}

/**
 * The default script; T is the demo's incidentAfterMs (3 minutes by default).
 * Alert timings are for the default spec and assume traffic near the daily
 * mean; "5m" conditions count once the 5-minute window is over the line.
 *
 * - T to T+6m, staging, both pods: 60 % of requests fail (40 % 500, 20 % 503),
 *   a broken deploy. The 5-minute error rate is far above 1 %, so
 *   VllmErrorRateHigh and VllmAvailabilityLow (for: 5m) fire at about T+5m
 *   and resolve about 5 minutes after the burst, at T+11m. Staging's period
 *   is 7 d, so its burn windows are the Workbook's scaled by 7/30 (README,
 *   "Burn-rate alerts"): the page pair is 14m/1m10s at factor 14.4. The
 *   14-minute error ratio passes 14.4 % after about 3.4 minutes of 60 %
 *   errors, so VllmErrorBudgetBurn (14m/1m10s) fires 3 to 5 minutes into the
 *   burst and resolves within about 2 minutes of its end. The other pairs
 *   (1h24m at 6, 5h36m at 3, 16h48m at 1) stay quiet: six minutes at 60 %
 *   reach 4.3 %, 1.1 % and 0.36 % of their long windows. The burst
 *   spends about 5 % of staging's 7-day budget.
 * - T+2m to T+10m, production, all three pods: every decode step three times
 *   slower (a noisy GPU neighbour, a bad driver). Streamed answers of over
 *   about 100 tokens take over 6 s and short non-streamed ones over 500 ms,
 *   so the 5-minute P95 and P99 pass 6 s and TTFT P95 passes 500 ms:
 *   VllmLatencyP95High and VllmLatencyP99High (critical, for: 5m) and
 *   VllmTTFTP95High (medium) fire at about T+7.5m; P95 stays above 3 s from
 *   about T+2.3m to T+14.7m, so the high P95 > 3 s alert (for: 10m) fires at
 *   about T+12.3m. All resolve by about T+15m. The spike spends a little of
 *   production's latency budget (5 % of requests over 30 d), not its
 *   availability budget: production's burn-rate pages need 14.4 times the
 *   budget rate for an hour, which eight slow minutes cannot reach.
 */
export const DEMO_INCIDENT: readonly IncidentStep[] = [
  {
    name: 'staging error burst',
    description: '60 % of requests fail with 500 or 503 for 6 minutes',
    environment: 'staging',
    atMs: 0,
    durationMs: 6 * MIN,
    patch: { errorRates: { 500: 0.4, 503: 0.2 } },
  },
  {
    name: 'production latency spike',
    description: 'every pod three times slower for 8 minutes',
    environment: 'production',
    atMs: 2 * MIN,
    durationMs: 8 * MIN,
    patch: { latencyMultiplier: 3 },
  },
];

/** The pods of one environment whose faults the script changes. */
export interface IncidentTarget {
  environment: string;
  pods: readonly { name: string; faults: Faults }[];
}

/** A step starting or ending; `at` is the script clock's time. */
export interface IncidentEvent {
  kind: 'start' | 'end';
  step: IncidentStep;
  /** One line for a log: "staging error burst started on vllm-staging-0, vllm-staging-1: ...". */
  description: string;
  /** Pod names hit. */
  pods: string[];
  at: number;
}

export interface IncidentOptions {
  targets: readonly IncidentTarget[];
  /** Delay from now to the incident's start (T). */
  afterMs: number;
  /** Default DEMO_INCIDENT; steps for environments not among the targets are skipped. */
  steps?: readonly IncidentStep[];
  /** Must be the pods' clock, since their faults expire on it. Default the real clock. */
  clock?: SimClock;
  onEvent?: (e: IncidentEvent) => void;
}

export interface IncidentScript {
  /** Events so far, in order. */
  events(): IncidentEvent[];
  /** Cancels steps not yet started and end events not yet emitted; faults already on stay until they expire. */
  stop(): void;
}

/**
 * Runs the script: each step applies its patch to its pods as a timed fault
 * overlay (Faults.apply with the step's duration), which the pods' fault
 * state reverts by itself; an 'end' event is emitted at the same moment.
 */
export function startIncident(o: IncidentOptions): IncidentScript {
  const clock = o.clock ?? realClock();
  const events: IncidentEvent[] = [];
  const timers = new Set<{ cancel(): void }>();
  const emit = (e: IncidentEvent) => {
    events.push(e);
    o.onEvent?.(e);
  };
  const at = (ms: number, fn: () => void) => {
    const t = clock.after(ms, () => {
      timers.delete(t);
      fn();
    });
    timers.add(t);
  };
  for (const step of o.steps ?? DEMO_INCIDENT) {
    const target = o.targets.find((t) => t.environment === step.environment);
    if (!target) continue;
    const pods = step.pods ? step.pods.flatMap((i) => target.pods[i] ?? []) : [...target.pods];
    const names = pods.map((p) => p.name);
    at(o.afterMs + step.atMs, () => {
      for (const p of pods) p.faults.apply(step.patch, step.durationMs);
      const on = `${step.name} started on ${names.join(', ')}: ${step.description}`;
      emit({ kind: 'start', step, description: on, pods: names, at: clock.now() });
      at(step.durationMs, () =>
        emit({ kind: 'end', step, description: `${step.name} over`, pods: names, at: clock.now() }),
      );
    });
  }
  return {
    events: () => [...events],
    stop() {
      for (const t of timers) t.cancel();
      timers.clear();
    },
  };
}
