/**
 * The counts of a scrape gap, spread over it. When scrapes fail for a while
 * (the target was unreachable for 60 s), the next good scrape's deltas hold
 * everything since the last good one; written at the scrape's own time they
 * would land in one minute (issue 17: 162 then 1,500 requests where 1,200 a
 * minute was true). Instead the gap is cut into slots of one scrape interval
 * (the scrapes that were missed) and each slot gets an equal share, at its
 * own time, so every minute of the gap gets its part.
 *
 * Integer counts are shared as floor(d / n) per slot plus one for the last
 * d mod n slots. This keeps every order between two counts in every slot (a
 * <= b gives share(a) <= share(b)): cumulative buckets stay cumulative, and
 * a slot never gets more errors than requests when the whole had fewer.
 */
import type { SeriesDelta } from './deltas.ts';

/** One slot of a gap: its time (ms) and its share of every series' delta. */
export interface GapSlot {
  at: number;
  deltas: SeriesDelta[];
}

/** A scrape later than this many intervals after the previous good one covers a gap. */
const GAP_INTERVALS = 1.5;
/**
 * Series-slots adapted per scrape at most (slots x series): the work of a
 * long gap on a large target stays near one ordinary scrape of 50,000
 * series x 4; past it slots are longer than an interval.
 */
const MAX_SERIES_SLOTS = 200_000;

/** The share of `delta` for slot `j` of `n` (see the file comment). */
export function slotShare(delta: number, j: number, n: number): number {
  if (!Number.isInteger(delta)) return delta / n;
  const base = Math.floor(delta / n);
  const rest = delta - base * n;
  return base + (j >= n - rest ? 1 : 0);
}

/**
 * The slots of the interval (previousAt, at]: one slot at `at` when the
 * previous good scrape was an interval or so before (or unknown), else one
 * per missed interval (fewer for a long gap on a large target).
 */
export function spreadOverGap(
  deltas: readonly SeriesDelta[],
  previousAt: number | undefined,
  at: number,
  intervalMs: number,
): GapSlot[] {
  const gap = previousAt === undefined ? 0 : at - previousAt;
  if (previousAt === undefined || !(gap > GAP_INTERVALS * intervalMs) || deltas.length === 0)
    return [{ at, deltas: [...deltas] }];
  const wanted = Math.round(gap / intervalMs);
  const n = Math.max(1, Math.min(wanted, Math.floor(MAX_SERIES_SLOTS / deltas.length)));
  const slots: GapSlot[] = [];
  for (let j = 0; j < n; j++)
    slots.push({
      at: Math.round(previousAt + ((j + 1) * gap) / n),
      deltas: deltas.map((d) => ({ ...d, delta: slotShare(d.delta, j, n) })),
    });
  return slots;
}
