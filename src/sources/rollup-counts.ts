/**
 * How the embedded store's rollups count for an objective: the one counting
 * that `status`, alerts and charts share. Latency objectives count
 * observations above the threshold exactly where the store counted every
 * observation of the window against it (the spec's thresholds, see
 * specThresholds), and otherwise from the mergeable sketch (exact up to the
 * sketch's 0.5 % resolution).
 */
import { badEvents, exactAbove, type Rollup, type WindowCounts } from '../engine/index.ts';
import { assertNever, kindFacts, type RatioObjective } from '../spec/index.ts';
import { windowCounts } from './source.ts';

/** Bad and total events of an objective in a rollup: its environment's failures, or slow successes. */
export function rollupCounts(o: RatioObjective, r: Rollup): WindowCounts | undefined {
  const sli = kindFacts(o.kind).sli;
  switch (sli) {
    case 'duration':
    case 'ttft': {
      const threshold = o.thresholdSeconds ?? 0;
      const s = r[sli];
      return windowCounts(s.count, exactAbove(r, sli, threshold) ?? s.countAbove(threshold));
    }
    case 'failures':
      return windowCounts(r.requests, badEvents(r, o.failureTypes));
    default:
      return assertNever(sli, 'SLI kind');
  }
}
