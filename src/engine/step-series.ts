/**
 * Series over a range at a step, as charts draw them: the steps of a range,
 * and the arithmetic on per-step counts that every source shares (the rolling
 * budget burndown, burn rates over sliding windows, the slowest pod), so the embedded store and Prometheus
 * give the same curve from the same counts.
 */
import { burnRate } from './budget.ts';
import type { WindowCounts } from './status-types.ts';

/** One value per step, aligned on the steps' starts; null where there was no traffic. */
export type StepSeries = (number | null)[];

/** The steps of a range: what a source's range questions are asked over. */
export interface StepWindow {
  /** Start of the first step (ms), aligned to the step. */
  from: number;
  /** End of the last step (ms); the last step is the one holding `now`. */
  to: number;
  stepMs: number;
  /** Start of each step (ms). */
  starts: number[];
  /** Seconds of each step that have passed (the last step is partial), for rates. */
  seconds: number[];
  /** The moment the range was asked at (ms): the end of the last, partial step. */
  now: number;
}

/**
 * Steps aligned to multiples of the step, so the same range asked twice
 * within a step gives the same points (charts do not jitter on refresh).
 */
export function stepWindow(rangeMs: number, stepMs: number, now: number): StepWindow {
  const to = Math.ceil((now + 1) / stepMs) * stepMs;
  const from = to - rangeMs;
  const starts: number[] = [];
  const seconds: number[] = [];
  for (let t = from; t < to; t += stepMs) {
    starts.push(t);
    seconds.push(Math.max(1, Math.min(stepMs, now - t)) / 1000);
  }
  return { from, to, stepMs, starts, seconds, now };
}

/** Share of the budget left after `bad` of `total` events; null without events. */
export function remainingShare(budget: number, bad: number, total: number): number | null {
  return total > 0 ? 1 - bad / total / budget : null;
}

/** Whether a timeslice is bad: its bad share exceeded what the slice target allows. */
export function badSlice(c: WindowCounts, timesliceTarget: number): boolean {
  return c.bad / c.total > 1 - timesliceTarget;
}

const ZERO = { bad: 0, total: 0 };

/** Counts with events, or undefined (no events: no answer, not 0 % bad). */
function someCounts(bad: number, total: number): WindowCounts | undefined {
  return total > 0 ? { bad, total } : undefined;
}

/**
 * The counts of a window sliding one step at a time: the counts of the
 * window before the first step (`lead`), then each step adds its own
 * (`entered[s]`) and drops what left the window (`left[s]`).
 */
export function slidingCounts(
  lead: { bad: number; total: number },
  entered: readonly (WindowCounts | undefined)[],
  left: readonly (WindowCounts | undefined)[],
): (WindowCounts | undefined)[] {
  let { bad, total } = lead;
  return entered.map((e, s) => {
    const l = left[s] ?? ZERO;
    bad += (e ?? ZERO).bad - l.bad;
    total += (e ?? ZERO).total - l.total;
    return someCounts(bad, total);
  });
}

/**
 * Timeslices of a window sliding one step at a time: `units` are the slices
 * of [from - window, to), each good or bad as a whole (undefined: no
 * traffic), summed as the last `lead` slices at every step's end, `perStep`
 * slices a step; total counts slices with traffic, bad the bad ones.
 */
export function slidingSliceCounts(
  timesliceTarget: number,
  units: readonly (WindowCounts | undefined)[],
  lead: number,
  perStep: number,
  steps: number,
): (WindowCounts | undefined)[] {
  const unit = (k: number) => {
    const c = k >= 0 ? units[k] : undefined;
    return c ? { total: 1, bad: badSlice(c, timesliceTarget) ? 1 : 0 } : ZERO;
  };
  let bad = 0;
  let total = 0;
  for (let k = 0; k < lead && k < units.length; k++) {
    bad += unit(k).bad;
    total += unit(k).total;
  }
  return Array.from({ length: steps }, (_, s) => {
    for (let k = lead + s * perStep; k < lead + (s + 1) * perStep && k < units.length; k++) {
      bad += unit(k).bad - unit(k - lead).bad;
      total += unit(k).total - unit(k - lead).total;
    }
    return someCounts(bad, total);
  });
}

/**
 * Remaining budget of each step's counts over the rolling period ending at
 * its end (SRE Workbook ch. 5's "budget remaining" over a rolling window);
 * null where the period saw no events.
 */
export function remainingShares(counts: readonly (WindowCounts | undefined)[], budget: number): StepSeries {
  return counts.map((c) => (c ? remainingShare(budget, c.bad, c.total) : null));
}

/**
 * The burn rate of a window's counts, as the status document reports it
 * (budget.ts burnRate: bad share / (1 - target)); null without events.
 * Timeslice budgeting passes slices: bad slices over slices with traffic.
 */
export function windowBurnRate(c: WindowCounts | undefined, target: number): number | null {
  return c && c.total > 0 ? burnRate(c.bad / c.total, target) : null;
}

/** The burn rate of each step's window counts (windowBurnRate). */
export function burnRates(counts: readonly (WindowCounts | undefined)[], target: number): StepSeries {
  return counts.map((c) => windowBurnRate(c, target));
}

/** The good share of each step's counts; null where a step saw no events. */
export function goodShare(counts: readonly (WindowCounts | undefined)[]): StepSeries {
  return counts.map((c) => (c ? 1 - c.bad / c.total : null));
}

/** The lowest pod rate in each step; null where no pod served. */
export function slowestPerStep(steps: number, byPod: Record<string, StepSeries>): StepSeries {
  const pods = Object.values(byPod);
  return Array.from({ length: steps }, (_, s) => {
    const rates = pods.map((p) => p[s]).filter((v): v is number => v !== null && v !== undefined && v > 0);
    return rates.length === 0 ? null : Math.min(...rates);
  });
}
