/**
 * The embedded source's range questions (charts): an objective's SLI,
 * budget burndown and burn rates, quantiles, request and error rates and per-pod rates over
 * the steps of a range, read from the store's rollups with the same counting
 * as `status` (rollupCounts), so a chart's last point and the status agree.
 * The arithmetic on the counts is the engine's (step-series.ts).
 */
import {
  badSlice,
  burnRates,
  remainingShares,
  type StepSeries,
  type StepWindow,
  slidingCounts,
  slidingSliceCounts,
  type WindowCounts,
} from '../engine/index.ts';
import type { RatioObjective } from '../spec/index.ts';
import type { Rollup, SloStore } from '../store/index.ts';
import { rollupCounts } from './rollup-counts.ts';
import { type RateSeries, windowCounts } from './source.ts';

/** The store's series steps are whole minutes. */
const MINUTE_MS = 60_000;

/** The objective's counts in each step (undefined: no events). */
export function stepCounts(
  store: SloStore,
  env: string,
  o: RatioObjective,
  w: StepWindow,
): (WindowCounts | undefined)[] {
  return store.series(env, w.from, w.to, w.stepMs).map((r) => rollupCounts(o, r));
}

/**
 * Remaining budget over the rolling period ending at each step's end, the
 * last point over the period ending now (as status counts it): the period's
 * counts (slices under timeslice budgeting) sliding over the steps.
 */
export function budgetSeries(store: SloStore, env: string, o: RatioObjective, w: StepWindow): StepSeries {
  return remainingShares(windowCountsPerStep(store, env, o, o.periodMs, w), o.budget);
}

/**
 * Timeslice budgeting over [from, to): the slices of the objective's
 * timeslice length with traffic (total) and those whose bad share exceeded
 * 1 - timesliceTarget (bad), as status counts them.
 */
export function windowSlices(
  store: SloStore,
  env: string,
  o: RatioObjective,
  from: number,
  to: number,
): WindowCounts | undefined {
  let total = 0;
  let bad = 0;
  for (const r of store.series(env, from, to, o.timesliceMs)) {
    const c = rollupCounts(o, r);
    if (!c) continue;
    total++;
    if (badSlice(c, o.timesliceTarget)) bad++;
  }
  return windowCounts(total, bad);
}

/**
 * The counts (slices under timeslice budgeting) of the window of `windowMs`
 * ending at each step's end, the last, partial step's at `now` (as
 * Prometheus evaluates it and status counts it). A window of whole steps
 * (whole slices) slides: each step adds its own counts and drops those that
 * left, one read of the range instead of one per step; a window that tiles
 * a step is read as a series at its own length; any other window is read at
 * each step's end.
 */
function windowCountsPerStep(
  store: SloStore,
  env: string,
  o: RatioObjective,
  windowMs: number,
  w: StepWindow,
): (WindowCounts | undefined)[] {
  const n = w.starts.length;
  const sliced = o.budgetingMethod === 'timeslices';
  const read = (to: number) =>
    sliced
      ? windowSlices(store, env, o, to - windowMs, to)
      : rollupCounts(o, store.window(env, to - windowMs, to));
  const slice = o.timesliceMs;
  let out: (WindowCounts | undefined)[];
  if (sliced && windowMs % slice === 0 && w.stepMs % slice === 0) {
    const units = store.series(env, w.from - windowMs, w.to, slice).map((r) => rollupCounts(o, r));
    out = slidingSliceCounts(o.timesliceTarget, units, windowMs / slice, w.stepMs / slice, n);
  } else if (!sliced && windowMs % w.stepMs === 0) {
    const lead = rollupCounts(o, store.window(env, w.from - windowMs, w.from)) ?? { bad: 0, total: 0 };
    const left = store
      .series(env, w.from - windowMs, w.to - windowMs, w.stepMs)
      .map((r) => rollupCounts(o, r));
    out = slidingCounts(lead, stepCounts(store, env, o, w), left);
  } else if (!sliced && w.stepMs % windowMs === 0 && windowMs % MINUTE_MS === 0) {
    // Windows that tile a step: one read of the range at the window's length, each step's last one.
    const per = w.stepMs / windowMs;
    const tiles = store.series(env, w.from, w.to, windowMs);
    out = w.starts.map((_, s) => {
      const r = tiles[(s + 1) * per - 1];
      return r && rollupCounts(o, r);
    });
  } else out = w.starts.slice(0, -1).map((t) => read(t + w.stepMs));
  out[n - 1] = read(w.now);
  return out;
}

/** The burn rate over the window of `windowMs` ending at each step's end (the last at `now`). */
export function burnSeries(
  store: SloStore,
  env: string,
  o: RatioObjective,
  windowMs: number,
  w: StepWindow,
): StepSeries {
  return burnRates(windowCountsPerStep(store, env, o, windowMs, w), o.target);
}

/** Quantiles (seconds) of request duration or TTFT in each step, one series per quantile. */
export function quantileSeries(
  store: SloStore,
  env: string,
  which: 'duration' | 'ttft',
  qs: readonly number[],
  w: StepWindow,
): StepSeries[] {
  const steps = store.series(env, w.from, w.to, w.stepMs);
  return qs.map((q) => steps.map((r) => r[which].quantile(q) ?? null));
}

/** Requests and errors (of every class) per second in each step. */
export function rateSeries(store: SloStore, env: string, w: StepWindow): RateSeries {
  const steps = store.series(env, w.from, w.to, w.stepMs);
  const perSecond = (f: (r: Rollup) => number): StepSeries => steps.map((r, s) => f(r) / (w.seconds[s] ?? 1));
  return { requests: perSecond((r) => r.requests), errors: perSecond((r) => r.errorsTotal) };
}

/** Requests per second of each pod in each step (0 where a known pod served none). */
export function podRateSeries(store: SloStore, env: string, w: StepWindow): Record<string, StepSeries> {
  const out: Record<string, StepSeries> = {};
  w.starts.forEach((start, s) => {
    for (const [pod, n] of store.requestsByPod(env, start, start + w.stepMs)) {
      out[pod] ??= w.starts.map(() => 0);
      (out[pod] as StepSeries)[s] = n / (w.seconds[s] ?? 1);
    }
  });
  return out;
}
