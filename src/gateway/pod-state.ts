/**
 * What the pod pool keeps per pod: the status it hands out (copies) and the
 * internal state behind it, and the one rule of rotation (probes pass and
 * not outlier-ejected).
 */
import type { EjectReason } from './pod-events.ts';
import type { PodTarget, ProbeConnection } from './pod-upstreams.ts';

/** An outlier ejection in force: why, and the times ejected (the multiplier of the base ejection time). */
export interface PodEjection {
  reason: EjectReason;
  /** What the detector saw ("5 server failures in a row"). */
  detail: string;
  ejections: number;
}

/** What the pool knows about one pod (pods() and pick() hand out copies). */
export interface PodStatus {
  name: string;
  url: string;
  /** Its probes pass (or passed before the failure threshold was reached): vllm_pod_up. */
  healthy: boolean;
  /** Requests the gateway has open on it (acquire/release). */
  outstanding: number;
  /** Model ids from its last successful /v1/models. */
  models: readonly string[];
  /** The last finished /health probe; undefined before the first. */
  lastProbe: { at: number; ok: boolean; latencyMs: number; error?: string } | undefined;
  /** Failed probes in a row (0 after a good one). */
  consecutiveFailures: number;
  /** Why it is out of rotation (a probe's error or a passive failure); undefined while healthy. */
  ejectReason?: string;
  /** Outlier-ejected until then (pool clock); undefined when not ejected. */
  ejectedUntil?: number;
  /** The outlier ejection behind ejectedUntil; undefined when not ejected. */
  ejection?: PodEjection;
}

/** Where a request goes: a pod's name and base URL (never changes for a pod). */
export interface PodRoute {
  readonly name: string;
  readonly url: string;
}

export interface PodState extends PodStatus {
  readonly conn: ProbeConnection;
  readonly route: PodRoute;
  models: string[];
  consecutiveSuccesses: number;
  probing: Promise<void> | undefined;
  modelsDueAt: number;
  /** Bumped by markFailed, so a probe that started before the failure cannot re-admit the pod. */
  generation: number;
  /** False until the first probe: that one decides health directly, without thresholds. */
  probed: boolean;
  /** Mirror of the outlier detector's ejection, read on every pick. */
  ejectedUntil: number | undefined;
  ejection: PodEjection | undefined;
  /** When it last left rotation (for the readmission's ejection_ms). */
  outSince: number | undefined;
}

/** A pod before its first probe: out of rotation, no models. */
export function newPodState(p: PodTarget, conn: ProbeConnection): PodState {
  return {
    name: p.name,
    url: p.url,
    conn,
    route: Object.freeze({ name: p.name, url: p.url }),
    healthy: false,
    outstanding: 0,
    models: [],
    lastProbe: undefined,
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    probing: undefined,
    modelsDueAt: 0,
    generation: 0,
    probed: false,
    ejectedUntil: undefined,
    ejection: undefined,
    outSince: undefined,
  };
}

/** Takes new requests outside panic mode: its probes pass and it is not ejected. */
export function inRotation(s: PodState): boolean {
  return s.healthy && s.ejectedUntil === undefined;
}

/** A copy of the pod's public status. */
export function snapshot(s: PodState): PodStatus {
  const status: PodStatus = {
    name: s.name,
    url: s.url,
    healthy: s.healthy,
    outstanding: s.outstanding,
    models: [...s.models],
    lastProbe: s.lastProbe ? { ...s.lastProbe } : undefined,
    consecutiveFailures: s.consecutiveFailures,
  };
  if (s.ejectReason !== undefined) status.ejectReason = s.ejectReason;
  if (s.ejectedUntil !== undefined) status.ejectedUntil = s.ejectedUntil;
  if (s.ejection !== undefined) status.ejection = { ...s.ejection };
  return status;
}
