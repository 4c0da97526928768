/**
 * Time arithmetic of the three tiers (minutes, hours, days; all UTC and
 * aligned to the epoch) and the plan that covers a window with the coarsest
 * rows that fit: a 30-day window reads about 30 day rows per series instead
 * of 43,200 minute rows.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export type Tier = 'minutes' | 'hours' | 'days';

export function floorTo(t: number, size: number): number {
  return Math.floor(t / size) * size;
}

export function ceilTo(t: number, size: number): number {
  return Math.ceil(t / size) * size;
}

/** Nearest boundary (halves round up), the least biased way to snap an edge. */
export function roundTo(t: number, size: number): number {
  return Math.floor(t / size + 0.5) * size;
}

/**
 * How far each tier is complete, as kept in the meta table: hour rows hold
 * everything before `hoursUntil`, day rows everything before `daysUntil`,
 * and minute rows exist from `minutesFrom` on (older ones were deleted after
 * being rolled into hours).
 */
export interface Watermarks {
  hoursUntil: number;
  daysUntil: number;
  minutesFrom: number;
}

/** One run of rows of one tier: start_ms in [from, to). */
export interface Segment {
  tier: Tier;
  from: number;
  to: number;
}

/** A window as it will be read: its edges after snapping, and the segments. */
export interface Plan {
  from: number;
  to: number;
  segments: Segment[];
}

interface TierSpan {
  tier: Tier;
  size: number;
  until: number;
}

function cover(a: number, b: number, tiers: readonly TierSpan[], out: Segment[]): void {
  if (a >= b) return;
  const [t, ...finer] = tiers;
  if (t === undefined) {
    out.push({ tier: 'minutes', from: a, to: b });
    return;
  }
  const s = ceilTo(a, t.size);
  const e = Math.min(floorTo(b, t.size), floorTo(t.until, t.size));
  if (s >= e) {
    cover(a, b, finer, out);
    return;
  }
  cover(a, s, finer, out);
  out.push({ tier: t.tier, from: s, to: e });
  cover(e, b, finer, out);
}

/**
 * Where a window edge at `t` falls in the stored data. Minute rows are the
 * finest data there is, so an edge snaps to the nearest minute; an edge
 * older than the minute rows still kept snaps to the nearest hour, since
 * only hour rows remain there. `end` edges inside the minute rows round up
 * instead: "now" sits inside the current minute, whose data a status must
 * include. Consecutive windows must share their edges (snapped once), or a
 * row near a shared edge lands in both or in neither.
 */
export function snapEdge(t: number, wm: Watermarks, end = false): number {
  const m = roundTo(t, MINUTE_MS);
  if (m < wm.minutesFrom) return roundTo(t, HOUR_MS);
  return end ? ceilTo(t, MINUTE_MS) : m;
}

/**
 * Plans the read of [a, b), edges already snapped (snapEdge): whole days
 * from day rows, whole hours from hour rows, the rest from minute rows,
 * each only as far as its tier is complete.
 */
export function planSpan(a: number, b: number, wm: Watermarks): Plan {
  const segments: Segment[] = [];
  cover(
    a,
    b,
    [
      { tier: 'days', size: DAY_MS, until: wm.daysUntil },
      { tier: 'hours', size: HOUR_MS, until: wm.hoursUntil },
    ],
    segments,
  );
  return { from: a, to: Math.max(a, b), segments };
}

/** Plans the read of one window [from, to) (see snapEdge and planSpan). */
export function planWindow(from: number, to: number, wm: Watermarks): Plan {
  const a = snapEdge(from, wm);
  return planSpan(a, Math.max(a, snapEdge(to, wm, true)), wm);
}
