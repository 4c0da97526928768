/**
 * series(): many consecutive windows at once. A 30-day series of 1-minute
 * timeslices is 43,200 windows; planning each is cheap, but a query per
 * window is not. So the windows' segments are planned one by one, adjacent
 * segments of a tier are read with one query, and each row (they come in
 * time order) is routed to the window whose segment holds it.
 */

import { emptyRollup, mergeInto, type Rollup, type Sketch } from '../engine/index.ts';
import { addEncodedAbove, type RollupRow } from './accumulator.ts';
import type { RollupTables } from './rollup-tables.ts';
import { type BucketSink, decodeInto } from './sketch-codec.ts';
import { type Plan, planSpan, snapEdge, type Tier, type Watermarks } from './time-tiers.ts';
import type { WriteBuffer } from './write-buffer.ts';

/** Adds decoded buckets into a Sketch (a Map: steps are many and mostly small). */
class SketchSink implements BucketSink {
  target: Sketch | undefined;
  header(zero: number, count: number, sum: number): void {
    const t = this.target as Sketch;
    t.zero += zero;
    t.count += count;
    t.sum += sum;
  }
  bucket(index: number, n: number): void {
    const c = (this.target as Sketch).counts;
    c.set(index, (c.get(index) ?? 0) + n);
  }
}

const sink = new SketchSink();

function addRow(r: Rollup, row: RollupRow): void {
  r.requests += row[0];
  r.errorsTotal += row[1];
  if (row[2] !== null)
    for (const [k, n] of Object.entries(JSON.parse(row[2]) as Record<string, number>))
      r.errors.set(k, (r.errors.get(k) ?? 0) + n);
  r.cancellations += row[3];
  r.promptTokens += row[4];
  r.generationTokens += row[5];
  for (const [blob, target] of [
    [row[6], r.duration],
    [row[7], r.ttft],
  ] as const) {
    if (blob === null) continue;
    sink.target = target;
    decodeInto(blob, sink);
  }
  if (row[8] !== null) addEncodedAbove(r.above, row[8]);
}

interface Run {
  from: number;
  to: number;
  /** The segments of this run, in order, with the index of the window each belongs to. */
  parts: { from: number; to: number; step: number }[];
}

/** Per tier, the runs of adjacent segments over all plans. */
function runsByTier(plans: readonly Plan[]): Map<Tier, Run[]> {
  const out = new Map<Tier, Run[]>();
  plans.forEach((plan, step) => {
    for (const s of plan.segments) {
      const runs = out.get(s.tier) ?? [];
      out.set(s.tier, runs);
      const last = runs.at(-1);
      if (last !== undefined && last.to === s.from) last.to = s.to;
      else runs.push({ from: s.from, to: s.to, parts: [] });
      runs.at(-1)?.parts.push({ from: s.from, to: s.to, step });
    }
  });
  return out;
}

/** The index of the plan holding `t`, or -1 (plans are ordered and do not overlap). */
function planOf(plans: readonly Plan[], t: number): number {
  let lo = 0;
  let hi = plans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = plans[mid] as Plan;
    if (t < p.from) hi = mid - 1;
    else if (t >= p.to) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Rollups of [from + k * step, from + (k + 1) * step) clipped to `to`, with
 * the rows read per tier added into `rows`.
 */
export function readSeries(
  tables: RollupTables,
  buffer: WriteBuffer,
  wm: Watermarks,
  environment: string,
  range: { from: number; to: number; stepMs: number },
  rows: Record<Tier, number>,
): Rollup[] {
  // Each edge snapped once and shared by the windows on both sides of it, so that where only
  // hour rows remain every hour lands in exactly one window (the one whose span holds it).
  const edges: number[] = [];
  for (let t = range.from; t < range.to; t += range.stepMs) edges.push(snapEdge(t, wm));
  edges.push(snapEdge(range.to, wm, true));
  const plans: Plan[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const a = edges[k] as number;
    plans.push(planSpan(a, Math.max(a, edges[k + 1] as number), wm));
  }
  const out = plans.map(() => emptyRollup());
  for (const [tier, runs] of runsByTier(plans)) {
    for (const run of runs) {
      let j = 0;
      for (const [start, , , ...row] of tables.withStart(tier, environment, run.from, run.to)) {
        while (j < run.parts.length && (run.parts[j]?.to ?? 0) <= start) j++;
        const part = run.parts[j];
        if (part === undefined || start < part.from) continue;
        addRow(out[part.step] as Rollup, row);
        rows[tier]++;
      }
    }
  }
  const first = plans[0];
  const last = plans.at(-1);
  if (first !== undefined && last !== undefined)
    for (const p of buffer.rollupsIn(environment, first.from, last.to)) {
      const k = planOf(plans, p.minute);
      if (k >= 0) mergeInto(out[k] as Rollup, p.rollup);
    }
  return out;
}
