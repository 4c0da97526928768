/**
 * Burn-rate factors scaled to an objective's period, and the severities of
 * the page and ticket pairs (DESIGN.md, "SLO math" and "Alert contract").
 */
import type { BurnWindow, RatioObjective, Severity } from '../spec/index.ts';
import { SEVERITIES } from '../spec/index.ts';

/**
 * factor = budget spent * period / long window. For 30 days: 14.4, 6, 3, 1;
 * for 28 days: 13.44, 5.6, 2.8, 0.933 (SRE Workbook, ch. 5).
 */
export function burnFactor(window: BurnWindow, periodMs: number): number {
  // Rounded to 10 significant digits so 0.02 * 28d / 1h prints as 13.44.
  return Number(((window.budgetSpent * periodMs) / window.longMs).toPrecision(10));
}

/** One level lower (critical > high > medium > low); low stays low. */
export function lowerSeverity(s: Severity): Severity {
  const i = SEVERITIES.indexOf(s);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.length - 1)] ?? s;
}

/** Page pairs carry the objective's own severity, ticket pairs one level lower. */
export function burnSeverity(window: BurnWindow, objective: RatioObjective): Severity {
  return window.severity === 'page' ? objective.severity : lowerSeverity(objective.severity);
}
