/**
 * Burn-rate windows scaled to an objective's period (DESIGN.md, "SLO math").
 * The configured windows are the SRE Workbook's, meant for a 30-day period
 * (ch. 5, table 5-8). For another period Pyrra's method keeps each pair's
 * factor and scales both windows by period / 30d, so "2 % of the budget in
 * the long window" still means a burn of 14.4x whatever the period, and no
 * factor drops below 1 (a 7-day ticket at 0.23x would fire while the
 * objective is on pace to end its period within budget).
 *
 * This is the one place the windows are computed: the generated rules, the
 * recorded windows, the status and the embedded alert evaluation call it.
 * It lives in src/spec, not src/engine, because `validate` needs the same
 * factor to reject windows below 1, and the spec imports no other folder.
 */
import { formatDuration, parseDuration } from './duration.ts';
import type { BurnWindow } from './model.ts';

/** The period the configured windows are written for (SRE Workbook, ch. 5). */
export const BURN_BASE_PERIOD = '30d';
const BASE_PERIOD_MS = parseDuration(BURN_BASE_PERIOD);

/** One multi-window pair as an objective of a given period uses it. */
export interface ScaledBurnWindow {
  severity: 'page' | 'ticket';
  /** Scaled long window as a Prometheus duration ("14m" for 1h at 7d). */
  long: string;
  longMs: number;
  short: string;
  shortMs: number;
  /** Burn-rate factor: budgetSpent * period / long (14.4 for 2 % in 1h of 30d). */
  factor: number;
  budgetSpent: number;
  /** The window as configured, for the 30-day base period. */
  base: BurnWindow;
}

/**
 * The factor of a configured window: budgetSpent * 30d / long. Scaling
 * leaves it unchanged, so it is the factor at every period; below 1 the
 * pair would fire while the budget lasts the period (validate rejects it).
 */
export function workbookFactor(budgetSpent: number, longMs: number): number {
  // 10 significant digits so 0.02 * 30d / 1h prints as 14.4.
  return Number(((budgetSpent * BASE_PERIOD_MS) / longMs).toPrecision(10));
}

/** Whole seconds, so every window is a valid Prometheus range ("1h24m", "70s"). */
function wholeSeconds(ms: number): number {
  return Math.max(1000, Math.round(ms / 1000) * 1000);
}

/** A short window: whole seconds, and no shorter than two scrape intervals (a rate needs two samples). */
function shortWindowMs(ms: number, scrapeIntervalMs: number): number {
  return Math.max(wholeSeconds(ms), wholeSeconds(2 * scrapeIntervalMs));
}

/**
 * The short window confirming a single-window burn alert (burn-rate-high):
 * 1/12 of its window, the Workbook's long/short ratio (1h -> 5m).
 */
export function confirmationWindow(windowMs: number, scrapeIntervalMs: number): string {
  return formatDuration(Math.min(shortWindowMs(windowMs / 12, scrapeIntervalMs), windowMs));
}

/** `minRequests` is per hour, the Workbook's shortest page window (alerting.minRequests). */
const GUARD_WINDOW_MS = parseDuration('1h');

/**
 * The traffic guard of a threshold alert over `windowMs`: minRequests read
 * per hour and scaled to the window, at least 1 (5m at the default 100: 9),
 * so one failed request out of three at night does not page.
 */
export function thresholdMinRequests(minRequests: number, windowMs: number): number {
  return Math.max(1, Math.ceil((minRequests * windowMs) / GUARD_WINDOW_MS));
}

/**
 * The configured windows scaled to `periodMs` (Pyrra): long and short times
 * period / 30d, rounded to whole seconds; a short window no shorter than two
 * scrape intervals (a rate needs two samples), and the long window at least
 * twice the short one if that floor lifted it. The factor is computed from
 * the rounded long window so factor = budgetSpent * period / long holds as
 * written in the rules (never below 1).
 */
export function scaledBurnWindows(
  windows: readonly BurnWindow[],
  periodMs: number,
  scrapeIntervalMs: number,
): ScaledBurnWindow[] {
  const scale = periodMs / BASE_PERIOD_MS;
  return windows.map((w) => {
    const scaledShortMs = wholeSeconds(w.shortMs * scale);
    const shortMs = shortWindowMs(w.shortMs * scale, scrapeIntervalMs);
    // Only where the scrape floor lengthened the short window; a configured pair (1h, 50m) stays as written.
    const longMs = Math.max(wholeSeconds(w.longMs * scale), shortMs > scaledShortMs ? 2 * shortMs : 0);
    return {
      severity: w.severity,
      long: formatDuration(longMs),
      longMs,
      short: formatDuration(shortMs),
      shortMs,
      // Only a tiny period (where the two-scrape floor lengthened the long window) can push it below 1.
      factor: Math.max(1, Number(((w.budgetSpent * periodMs) / longMs).toPrecision(10))),
      budgetSpent: w.budgetSpent,
      base: w,
    };
  });
}

/** The burn-rate windows of an objective of the spec: the configured windows scaled to its period. */
export function objectiveBurnWindows(
  spec: { alerting: { burnRateWindows: readonly BurnWindow[] }; metrics: { scrapeInterval: string } },
  o: { periodMs: number },
): ScaledBurnWindow[] {
  return scaledBurnWindows(
    spec.alerting.burnRateWindows,
    o.periodMs,
    parseDuration(spec.metrics.scrapeInterval),
  );
}
