/**
 * Where the collector's per-interval numbers go. Defined here, structurally,
 * so that the embedded store satisfies it without src/collect importing
 * src/store (the store sits beside the collector, not below it).
 */
import { Sketch } from '../engine/index.ts';

/**
 * One interval's increments for one (environment, model, pod): the same
 * shape as the store's Rollup, so either can be passed where the other is
 * expected.
 */
export interface CollectorRollup {
  /** Finished requests, errors included; client cancellations excluded. */
  requests: number;
  /** Failed requests by "error_class:error_type", e.g. "server:internal". */
  errors: Map<string, number>;
  /** Sum of `errors`. */
  errorsTotal: number;
  /** Requests the client abandoned first: neither requests nor errors. */
  cancellations: number;
  /** Request durations (seconds). */
  duration: Sketch;
  /** Times to first token (seconds). */
  ttft: Sketch;
  promptTokens: number;
  generationTokens: number;
}

/** One rollup delivered to the sink. `at` is the scrape time in ms since the epoch. */
export interface CollectorDelta {
  at: number;
  environment: string;
  model: string;
  pod: string;
  rollup: CollectorRollup;
}

/** What the collector writes to: the embedded store, or a recorder in tests. */
export interface CollectorSink {
  /** Adds one interval's increments. */
  add(delta: CollectorDelta): void;
  /**
   * Records one health observation of a pod; `sampleSeconds` is how long the
   * observation stands for (the scrape interval).
   */
  recordPodHealth(environment: string, pod: string, at: number, up: boolean, sampleSeconds: number): void;
}

/** A rollup with nothing in it. */
export function emptyRollup(): CollectorRollup {
  return {
    requests: 0,
    errors: new Map(),
    errorsTotal: 0,
    cancellations: 0,
    duration: new Sketch(),
    ttft: new Sketch(),
    promptTokens: 0,
    generationTokens: 0,
  };
}

/** True when a rollup would add nothing (an idle interval). */
export function isEmptyRollup(r: CollectorRollup): boolean {
  return (
    r.requests === 0 &&
    r.errorsTotal === 0 &&
    r.cancellations === 0 &&
    r.duration.count === 0 &&
    r.ttft.count === 0 &&
    r.promptTokens === 0 &&
    r.generationTokens === 0
  );
}

/** Adds `n` errors of one class and type. */
export function addError(r: CollectorRollup, errorClass: string, errorType: string, n: number): void {
  const key = `${errorClass}:${errorType}`;
  r.errors.set(key, (r.errors.get(key) ?? 0) + n);
  r.errorsTotal += n;
}
