/**
 * How the embedded store's rollups count for an objective: the one counting
 * that `status`, alerts and charts share. Latency objectives count
 * observations above the threshold exactly where the store counted every
 * observation of the window against it (the spec's thresholds, see
 * specThresholds), and otherwise from the mergeable sketch (exact up to the
 * sketch's 0.5 % resolution).
 */
import { badEvents, exactAbove, type Rollup, type WindowCounts } from '../engine/index.ts';
import type { RatioObjective } from '../spec/index.ts';
import { windowCounts } from './source.ts';

/** Bad and total events of an objective in a rollup: its environment's failures, or slow successes. */
export function rollupCounts(o: RatioObjective, r: Rollup): WindowCounts | undefined {
  if (o.kind === 'latency' || o.kind === 'ttft') {
    const which = o.kind === 'latency' ? 'duration' : 'ttft';
    const threshold = o.thresholdSeconds ?? 0;
    const s = r[which];
    return windowCounts(s.count, exactAbove(r, which, threshold) ?? s.countAbove(threshold));
  }
  return windowCounts(r.requests, badEvents(r, o.failureTypes));
}
