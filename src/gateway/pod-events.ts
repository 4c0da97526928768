/**
 * Changes of the pods' place in rotation, one structured event each: what
 * the gateway logs (one JSON line per event) and counts
 * (vllm_pod_ejections_total). Events carry pod names, reasons and times,
 * never URLs with credentials (parseUpstreams refuses them) or request
 * content.
 */

import { type RequestEvent, requestEventLevel, requestEventMessage } from './request-log.ts';

export type PodEventName = 'pod_ejected' | 'pod_readmitted' | 'panic_entered' | 'panic_left';

/** Why a pod left rotation (the `reason` label of vllm_pod_ejections_total). */
export type EjectReason = 'probe_failed' | 'connection_refused' | 'connection_reset' | 'consecutive_5xx';

export const EJECT_REASONS: readonly EjectReason[] = [
  'probe_failed',
  'connection_refused',
  'connection_reset',
  'consecutive_5xx',
];

/** Why a pod came back. */
export type ReadmitReason = 'probe_passed' | 'ejection_expired';

/** Why the pool entered or left panic mode. */
export type PanicReason = 'too_few_pods' | 'pods_available';

export type PodEventReason = EjectReason | ReadmitReason | PanicReason;

/** One change, as the pool reports it (the gateway adds its environment). */
export type PodEvent =
  | {
      event: 'pod_ejected';
      pod: string;
      reason: EjectReason;
      /** How long the pod stays out; null when it waits for a good probe instead. */
      ejection_ms: number | null;
      /** Outlier ejections: times ejected (the multiplier of the base ejection time). */
      ejections?: number;
      /** The probe or connection error, or the failures in a row (clipped, no credentials). */
      detail?: string;
    }
  | {
      event: 'pod_readmitted';
      pod: string;
      reason: ReadmitReason;
      /** How long the pod was out of rotation. */
      ejection_ms: number;
    }
  | {
      event: 'panic_entered' | 'panic_left';
      reason: PanicReason;
      /** Pods in rotation, and all pods. */
      available: number;
      pods: number;
    };

/** A pod or request event with the gateway's environment: the log line's fields. */
export type GatewayEvent = (PodEvent | RequestEvent) & { environment: string };

/** Where the gateway's events go (the CLI writes them as JSON lines). */
export type GatewayLog = (event: GatewayEvent) => void;

/** Warn-level events (pino's level numbers: 30 info, 40 warn). */
export function eventLevel(e: PodEvent | RequestEvent): 30 | 40 {
  if (isRequestEvent(e)) return requestEventLevel(e);
  return e.event === 'pod_ejected' || e.event === 'panic_entered' ? 40 : 30;
}

/** A short human sentence for the line's `msg`. */
export function eventMessage(e: GatewayEvent): string {
  if (isRequestEvent(e)) return requestEventMessage(e);
  switch (e.event) {
    case 'pod_ejected':
      return e.ejection_ms === null
        ? `pod ${e.pod} out of rotation (${e.reason}) until a probe passes`
        : `pod ${e.pod} ejected (${e.reason}) for ${e.ejection_ms} ms`;
    case 'pod_readmitted':
      return `pod ${e.pod} back in rotation (${e.reason}) after ${e.ejection_ms} ms`;
    case 'panic_entered':
      return `${e.environment}: ${e.available} of ${e.pods} pods in rotation: routing to all pods (panic)`;
    case 'panic_left':
      return `${e.environment}: ${e.available} of ${e.pods} pods in rotation: panic over`;
  }
}

function isRequestEvent(e: PodEvent | RequestEvent): e is RequestEvent {
  return e.event === 'upstream_failed' || e.event === 'request_failed' || e.event === 'inspection_skipped';
}
