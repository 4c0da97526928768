/** The vLLM simulator: OpenAI API, vLLM's /metrics, continuous batching, faults, fleets. */
export { manualClock, realClock, type SimClock, TimeScaleError } from './clock.ts';
export { Engine } from './engine.ts';
export type { EngineStats, FinishedRequest } from './engine-types.ts';
export { parseFaultPatch, parseFaultSchedule } from './fault-schedule.ts';
export { type FaultScheduleResult, readFaultSchedule } from './fault-schedule-file.ts';
export { checkPatch as checkFaultPatch } from './fault-settings.ts';
export { FaultError, type FaultPatch, Faults, FORCE_HEADER, type ScheduledFault } from './faults.ts';
export { type Fleet, type FleetOptions, podName, startFleet } from './fleet.ts';
export { type PodOptions, SimPod } from './pod.ts';
export { type ModelProfile, PROFILES, profile, UnknownProfileError } from './profiles.ts';
export { type Rng, seededRng } from './rng.ts';
