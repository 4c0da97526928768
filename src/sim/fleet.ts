/**
 * A whole environment in one process: N simulated pods on consecutive ports,
 * each with its own name, scheduler, faults and seed.
 */
import type { SimClock } from './clock.ts';
import type { FaultPatch, ScheduledFault } from './faults.ts';
import { SimPod } from './pod.ts';
import type { ModelProfile } from './profiles.ts';

export interface FleetOptions {
  pods: number;
  environment: string;
  profile: ModelProfile;
  model?: string;
  host?: string;
  /** First pod's port; the others follow. 0 picks free ports. */
  port: number;
  clock?: SimClock;
  seed?: number;
  faults?: FaultPatch;
  slowStartSeconds?: number;
  schedule?: readonly ScheduledFault[];
}

export interface Fleet {
  pods: SimPod[];
  stop(): Promise<void>;
}

/** vLLM pod names as a Deployment would give them, so the guide's `.*-production-.*` regex matches. */
export function podName(environment: string, index: number): string {
  return `vllm-${environment}-${index}`;
}

/** Starts the pods in order; on a failure (port taken) stops those already started and rethrows. */
export async function startFleet(o: FleetOptions): Promise<Fleet> {
  const pods: SimPod[] = [];
  const stop = async () => {
    await Promise.all(pods.map((p) => p.stop()));
  };
  try {
    for (let i = 0; i < o.pods; i++) {
      const pod = new SimPod({
        name: podName(o.environment, i),
        profile: o.profile,
        ...(o.model !== undefined ? { model: o.model } : {}),
        ...(o.host !== undefined ? { host: o.host } : {}),
        port: o.port === 0 ? 0 : o.port + i,
        ...(o.clock ? { clock: o.clock } : {}),
        seed: (o.seed ?? 1) * 1000 + i,
        ...(o.faults ? { faults: o.faults } : {}),
        ...(o.slowStartSeconds !== undefined ? { slowStartSeconds: o.slowStartSeconds } : {}),
        ...(o.schedule ? { schedule: o.schedule } : {}),
      });
      pods.push(pod);
      await pod.start();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { pods, stop };
}
