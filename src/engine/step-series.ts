/**
 * Series over a range at a step, as charts draw them: the steps of a range,
 * and the arithmetic on per-step counts that every source shares (the rolling
 * budget burndown, the slowest pod), so the embedded store and Prometheus
 * give the same curve from the same counts.
 */
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

/**
 * Remaining budget over the rolling period ending at each step's end (SRE
 * Workbook ch. 5's "budget remaining" over a rolling window): the counts of
 * the period before the first step (`lead`), then each step adds its own
 * (`entered[s]`) and drops what left the period (`left[s]`).
 */
export function slidingBudget(
  budget: number,
  lead: { bad: number; total: number },
  entered: readonly (WindowCounts | undefined)[],
  left: readonly (WindowCounts | undefined)[],
): StepSeries {
  let { bad, total } = lead;
  return entered.map((e, s): number | null => {
    const l = left[s] ?? ZERO;
    bad += (e ?? ZERO).bad - l.bad;
    total += (e ?? ZERO).total - l.total;
    return remainingShare(budget, bad, total);
  });
}

/**
 * The same for timeslice budgeting: `units` are the slices of
 * [from - period, to), each good or bad as a whole (undefined: no traffic),
 * summed as a sliding window of `lead` slices at every step's end.
 */
export function slidingTimesliceBudget(
  budget: number,
  timesliceTarget: number,
  units: readonly (WindowCounts | undefined)[],
  lead: number,
  perStep: number,
  steps: number,
): StepSeries {
  const unit = (k: number) => {
    const c = units[k];
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
      bad += unit(k).bad - (k - lead >= 0 ? unit(k - lead).bad : 0);
      total += unit(k).total - (k - lead >= 0 ? unit(k - lead).total : 0);
    }
    return remainingShare(budget, bad, total);
  });
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
