/**
 * The live demo in one process: a month of backfilled history, a simulated
 * fleet per environment behind its own metering gateway writing into the
 * embedded store, daily-shaped client traffic, and a scripted incident a
 * few minutes in. The store and the UI belong to the caller.
 */
import { Gateway } from '../gateway/index.ts';
import { type Fleet, type SimPod, startFleet } from '../sim/index.ts';
import { type SloSpec, specThresholds } from '../spec/index.ts';
import type { SloStore } from '../store/index.ts';
import { type BackfillResult, backfill } from './backfill.ts';
import { DemoError } from './demo-error.ts';
import { demoPlan, type EnvironmentPlan } from './fleet-plan.ts';
import {
  DEMO_INCIDENT,
  type IncidentEvent,
  type IncidentScript,
  type IncidentStep,
  startIncident,
} from './incident.ts';
import { type PodHealthRecorder, recordPodHealth } from './pod-health.ts';
import { startTraffic, type Traffic } from './traffic.ts';

/** Every host of the demo: nothing is reachable from another machine. */
const HOST = '127.0.0.1';

export interface DemoOptions {
  spec: SloSpec;
  /** Where the gateways, the health samples and the backfill write. Flushed by stop(), not closed. */
  store: SloStore;
  /** Seeds the backfill, the pods and the traffic (default 1). */
  seed?: number;
  /** Days of history written before the start (default 30, the production budget period; 0 = none). */
  backfillDays?: number;
  /** When the scripted incident starts (default 3 minutes). */
  incidentAfterMs?: number;
  /** The incident's steps (default DEMO_INCIDENT; [] for none). */
  incident?: readonly IncidentStep[];
  /** Factor on every traffic rate, live and backfilled (default 1). */
  trafficScale?: number;
  /**
   * Real milliseconds a day of the traffic's daily shape lasts (default one
   * hour, so the daily curve shows within a demo; the backfill keeps real
   * 24-hour days). The compressed day starts at the current UTC time of day.
   */
  dayLengthMs?: number;
  /** Gateway health probes and pod health samples (default 5000 ms). */
  probeIntervalMs?: number;
  /** Cap on requests in flight (default 256); arrivals beyond it are shed. */
  maxInFlight?: number;
  /** The history ends here (default Date.now()); for tests. */
  now?: number;
  /** Called as each incident step starts and ends (for the CLI's log). */
  onIncident?: (e: IncidentEvent) => void;
}

export interface DemoEnvironment {
  name: string;
  plan: EnvironmentPlan;
  gateway: Gateway;
  pods: SimPod[];
}

export interface Demo {
  environments: DemoEnvironment[];
  /** undefined when backfillDays was 0. */
  backfill: BackfillResult | undefined;
  traffic: Traffic;
  incident: IncidentScript;
  /**
   * Stops the incident script and the traffic (in-flight requests get up to
   * 5 s), then the health samples, gateways and pods, and flushes the store.
   * Idempotent: later calls return the same promise.
   */
  stop(): Promise<void>;
}

const MIN = 60_000;

/**
 * Starts the demo and resolves once every pod and gateway listens and the
 * traffic runs.
 * @throws DemoError for a spec with none of the demo's environments or an
 * option out of range; whatever was started is stopped first.
 */
export async function startDemo(o: DemoOptions): Promise<Demo> {
  const plan = demoPlan(o.spec);
  const seed = o.seed ?? 1;
  const scale = o.trafficScale ?? 1;
  const probeIntervalMs = o.probeIntervalMs ?? 5000;
  const incidentAfterMs = o.incidentAfterMs ?? 3 * MIN;
  if (!(incidentAfterMs >= 0))
    throw new DemoError('invalid_option', `incidentAfterMs must be 0 or more, got ${incidentAfterMs}`);
  if (!(probeIntervalMs > 0))
    throw new DemoError('invalid_option', `probeIntervalMs must be above 0, got ${probeIntervalMs}`);
  const result =
    (o.backfillDays ?? 30) > 0
      ? backfill(o.store, plan, {
          days: o.backfillDays ?? 30,
          now: o.now ?? Date.now(),
          seed,
          scale,
          thresholds: specThresholds(o.spec),
        })
      : undefined;

  const fleets: Fleet[] = [];
  const gateways: Gateway[] = [];
  const environments: DemoEnvironment[] = [];
  let health: PodHealthRecorder | undefined;
  let traffic: Traffic | undefined;
  let incident: IncidentScript | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      incident?.stop();
      await traffic?.stop(5000);
      health?.stop();
      await Promise.all(gateways.map((g) => g.stop(2000)));
      await Promise.all(fleets.map((f) => f.stop()));
      // SimPod.stop() closes its listener without waiting for the close. libuv runs close callbacks
      // after the check phase (setImmediate), so the second turn begins with every listener closed
      // and stop() resolves with no socket of the demo open.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      o.store.flush();
    })();
    return stopping;
  };

  try {
    for (const [k, env] of plan.environments.entries()) {
      const fleet = await startFleet({
        pods: env.pods.length,
        environment: env.environment,
        profile: env.profile,
        host: HOST,
        port: 0,
        seed: seed * 10 + k,
      });
      fleets.push(fleet);
      const gateway = new Gateway({
        environment: env.environment,
        upstreams: fleet.pods.map((p) => ({ name: p.name, url: p.url })),
        host: HOST,
        port: 0,
        models: env.models,
        latencyThresholds: env.latencyThresholds,
        ttftThresholds: env.ttftThresholds,
        probeIntervalMs,
        sink: o.store.sink(),
      });
      gateways.push(gateway);
      await gateway.start();
      environments.push({ name: env.environment, plan: env, gateway, pods: fleet.pods });
    }
    health = recordPodHealth(
      o.store,
      environments.map((e) => ({ environment: e.name, pool: e.gateway.pool })),
      probeIntervalMs,
    );
    health.sample();
    traffic = startTraffic({
      targets: environments.map((e) => ({
        environment: e.name,
        url: e.gateway.url,
        model: e.plan.model,
        peakRequestsPerSecond: e.plan.peakRequestsPerSecond,
        mix: e.plan.mix,
      })),
      dayLengthMs: o.dayLengthMs ?? 60 * MIN,
      scale,
      seed,
      ...(o.maxInFlight !== undefined ? { maxInFlight: o.maxInFlight } : {}),
    });
    incident = startIncident({
      targets: environments.map((e) => ({ environment: e.name, pods: e.pods })),
      afterMs: incidentAfterMs,
      steps: o.incident ?? DEMO_INCIDENT,
      ...(o.onIncident ? { onEvent: o.onIncident } : {}),
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { environments, backfill: result, traffic, incident, stop };
}
