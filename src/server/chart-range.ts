/**
 * The UI's time ranges and the step of each: about 60 to 170 points per
 * chart, enough to see shape, few enough that a 30-day chart reads in
 * milliseconds from the store's hour and day rows.
 */
import { RANGES, type RangeName } from '../api/index.ts';
import { type StepWindow, stepWindow } from '../engine/index.ts';

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

/** The steps of a chart: the engine's StepWindow. */
export type ChartWindow = StepWindow;

/** The steps of a named range ending at `now` (aligned, see stepWindow). */
export function chartWindow(range: RangeName, now: number): ChartWindow {
  const { rangeMs, stepMs } = RANGE_STEPS[range];
  return stepWindow(rangeMs, stepMs, now);
}
