/**
 * The live demo (issue 6): a simulated fleet per environment behind metering
 * gateways, daily-shaped traffic, a scripted incident and a backfilled month
 * of history, all writing into the embedded store.
 */
export { type BackfillOptions, type BackfillResult, backfill } from './backfill.ts';
export {
  compressedDayFraction,
  dailyShare,
  TROUGH_HOUR,
  TROUGH_SHARE,
  utcDayFraction,
} from './daily-shape.ts';
export { DemoError, type DemoErrorCode } from './demo-error.ts';
export {
  DEMO_ENVIRONMENTS,
  type DemoPlan,
  demoPlan,
  type EnvironmentPlan,
  type RequestMix,
} from './fleet-plan.ts';
export {
  BASE_ERROR_RATIO,
  type LatencyModel,
  latencyModel,
  PAST_INCIDENTS,
  type PastIncident,
} from './history.ts';
export {
  DEMO_INCIDENT,
  type IncidentEvent,
  type IncidentOptions,
  type IncidentScript,
  type IncidentStep,
  type IncidentTarget,
  startIncident,
} from './incident.ts';
export { type HealthView, type PodHealthRecorder, recordPodHealth } from './pod-health.ts';
export { type DemoRequest, demoRequest } from './request-body.ts';
export {
  type Demo,
  type DemoEnvironment,
  type DemoOptions,
  startDemo,
} from './start-demo.ts';
export {
  type SendRequest,
  startTraffic,
  type Traffic,
  type TrafficOptions,
  type TrafficStats,
  type TrafficTarget,
} from './traffic.ts';
