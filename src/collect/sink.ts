/**
 * Where the collector's per-interval numbers go. Defined here, structurally,
 * so that the embedded store satisfies it without src/collect importing
 * src/store (the store sits beside the collector, not below it); the rollup
 * both speak is the engine's.
 */
import type { RollupDelta } from '../engine/index.ts';

/** One rollup delivered to the sink. `at` is the scrape time in ms since the epoch. */
export type CollectorDelta = RollupDelta;

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
