/**
 * Where the collector's per-interval numbers go. Defined here, structurally,
 * so that the embedded store satisfies it without src/collect importing
 * src/store (the store sits beside the collector, not below it); the rollup
 * and the target record both speak are the engine's.
 */
import type { RollupDelta, ScrapeTargetRecord } from '../engine/index.ts';

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
  /**
   * Records a target's state after a scrape, after the rollups it produced:
   * a durable sink writes it in the same transaction as those rollups, so a
   * restart (kill -9 included) continues from exactly the counts stored.
   */
  saveTarget?(record: ScrapeTargetRecord): void;
  /** The targets' stored states, read once when the collector is created. */
  loadTargets?(): ScrapeTargetRecord[];
}
