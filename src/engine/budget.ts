/**
 * Error-budget arithmetic (DESIGN.md, "SLO math"). Pure functions of ratios
 * and milliseconds; every result is in minutes or a ratio, never in seconds
 * mislabelled as minutes (the guide's "Downtime minutes" query multiplies a
 * ratio by 60*60*24*30, which gives seconds).
 */

const MINUTE_MS = 60_000;

/** Thrown for a target outside (0, 1) or a non-positive period. */
export class BudgetInputError extends Error {
  readonly code = 'invalid_budget_input';
  constructor(
    readonly field: string,
    readonly value: number,
    readonly expected: string,
  ) {
    super(`${field} must be ${expected}, got ${value}`);
    this.name = 'BudgetInputError';
  }
}

function check(target: number, periodMs: number): void {
  if (!(target > 0 && target < 1)) throw new BudgetInputError('target', target, 'above 0 and below 1');
  if (!(periodMs > 0)) throw new BudgetInputError('period', periodMs, 'a positive number of milliseconds');
}

/** The whole budget of a period, in minutes: (1 - target) * period. 99.9 % over 30 d = 43.2. */
export function errorBudgetMinutes(target: number, periodMs: number): number {
  check(target, periodMs);
  return round(((1 - target) * periodMs) / MINUTE_MS);
}

/** Budget spent, in minutes, by a bad-event ratio over the period: ratio * period. */
export function budgetConsumedMinutes(errorRatio: number, periodMs: number): number {
  return round((errorRatio * periodMs) / MINUTE_MS);
}

/** Share of the budget left: 1 - ratio / (1 - target); negative once overspent. */
export function budgetRemainingRatio(errorRatio: number, target: number): number {
  return round(1 - errorRatio / (1 - target));
}

/** Minutes of budget left: period * ((1 - target) - ratio). */
export function budgetRemainingMinutes(errorRatio: number, target: number, periodMs: number): number {
  check(target, periodMs);
  return round((periodMs / MINUTE_MS) * (1 - target - errorRatio));
}

/** How many times faster than sustainable the budget burns: ratio / (1 - target). */
export function burnRate(errorRatio: number, target: number): number {
  return round(errorRatio / (1 - target));
}

/** Rounds away binary noise ((1 - 0.999) * 43200 = 43.20000000000004) at 12 significant digits. */
function round(n: number): number {
  return Number(n.toPrecision(12));
}
