/**
 * The UI's time ranges and the step of each: about 60 to 170 points per
 * chart, enough to see shape, few enough that a 30-day chart reads in
 * milliseconds from the store's hour and day rows.
 */
import { RANGES, type RangeName } from '../api/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Range length and step (ms) per range name. */
export const RANGE_STEPS: Record<RangeName, { rangeMs: number; stepMs: number }> = {
  '1h': { rangeMs: HOUR, stepMs: MINUTE },
  '6h': { rangeMs: 6 * HOUR, stepMs: 5 * MINUTE },
  '1d': { rangeMs: 24 * HOUR, stepMs: 15 * MINUTE },
  '7d': { rangeMs: 7 * 24 * HOUR, stepMs: HOUR },
  '30d': { rangeMs: 30 * 24 * HOUR, stepMs: 6 * HOUR },
};

/** The range named by a query parameter, or undefined when it is not one of RANGES. */
export function parseRange(value: string | null): RangeName | undefined {
  if (value === null || value === '') return '1d';
  return (RANGES as readonly string[]).includes(value) ? (value as RangeName) : undefined;
}

export interface ChartWindow {
  /** Start of the first step (ms), aligned to the step. */
  from: number;
  /** End of the last step (ms); the last step is the one holding `now`. */
  to: number;
  stepMs: number;
  /** Start of each step (ms). */
  starts: number[];
  /** Seconds of each step that have passed (the last step is partial), for rates. */
  seconds: number[];
}

/**
 * Steps aligned to multiples of the step, so the same range asked twice
 * within a step gives the same points (charts do not jitter on refresh).
 */
export function chartWindow(range: RangeName, now: number): ChartWindow {
  const { rangeMs, stepMs } = RANGE_STEPS[range];
  const to = Math.ceil((now + 1) / stepMs) * stepMs;
  const from = to - rangeMs;
  const starts: number[] = [];
  const seconds: number[] = [];
  for (let t = from; t < to; t += stepMs) {
    starts.push(t);
    seconds.push(Math.max(1, Math.min(stepMs, now - t)) / 1000);
  }
  return { from, to, stepMs, starts, seconds };
}
