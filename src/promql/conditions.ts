/**
 * Alert conditions over the recording rules and raw metrics: the
 * multi-window burn-rate pair, and the guide's threshold alerts.
 */
import type { MetricsConfig } from '../spec/index.ts';
import { type Level, requestRateRecord, sliErrorRecord } from './names.ts';
import { formatNumber, renameLabel, selector, sumBy } from './selector.ts';
import { errorRatio, type QueryContext, quantile, requestIncrease, requestRate } from './sli.ts';

const ENV_LEVEL: Level = 'environment';

/** The bad-event ratio of one objective over a recorded window. */
export function recordedSli(m: MetricsConfig, environment: string, slo: string, window: string): string {
  return selector(sliErrorRecord(ENV_LEVEL, window), { [m.labels.environment]: environment, slo });
}

/**
 * Google SRE Workbook, ch. 5: both windows above factor x budget, and, so a
 * near-idle environment does not page on one error, at least `minRequests`
 * requests in the long window.
 */
export function burnRatePair(
  m: MetricsConfig,
  environment: string,
  slo: string,
  windows: { long: string; longSeconds: number; short: string },
  factor: number,
  budget: number,
  minRequests: number,
): string {
  const threshold = `(${formatNumber(factor)} * ${formatNumber(budget)})`;
  const env = m.labels.environment;
  const traffic = `${selector(requestRateRecord(ENV_LEVEL, windows.long), { [env]: environment })} * ${windows.longSeconds}`;
  return [
    '(',
    `  ${recordedSli(m, environment, slo, windows.long)} > ${threshold}`,
    'and',
    `  ${recordedSli(m, environment, slo, windows.short)} > ${threshold}`,
    ')',
    `and on (${env})`,
    `  ${traffic} >= ${minRequests}`,
  ].join('\n');
}

/** Success ratio (percent) below a floor. */
export function availabilityBelow(ctx: QueryContext, window: string, percent: number): string {
  return `(1 - (${errorRatio(ctx, window)})) * 100 < ${formatNumber(percent)}`;
}

/** Error ratio (percent) above a ceiling. */
export function errorRatioAbove(ctx: QueryContext, window: string, percent: number): string {
  return `(${errorRatio(ctx, window)}) * 100 > ${formatNumber(percent)}`;
}

/** A histogram quantile above a threshold in seconds. */
export function quantileAbove(
  ctx: QueryContext,
  histogram: string,
  q: number,
  window: string,
  seconds: number,
): string {
  return `${quantile(ctx, histogram, q, window)} > ${formatNumber(seconds)}`;
}

/** Remaining error budget (percent of the period's) below a floor. */
export function budgetRemainingBelow(
  m: MetricsConfig,
  environment: string,
  slo: string,
  period: string,
  budget: number,
  percent: number,
): string {
  return `(1 - ${recordedSli(m, environment, slo, period)} / ${formatNumber(budget)}) * 100 < ${formatNumber(percent)}`;
}

/**
 * Burn rate over a recorded window above a factor, confirmed over a short
 * window (so it clears soon after the burn stops, as the burn pairs do) and
 * guarded by the environment's traffic over the window. The value is the
 * window's burn rate.
 */
export function burnRateAbove(
  ctx: QueryContext,
  slo: string,
  windows: { window: string; short: string },
  budget: number,
  factor: number,
  minRequests: number,
): string {
  const burn = (w: string) =>
    `${recordedSli(ctx.metrics, ctx.environment, slo, w)} / ${formatNumber(budget)}`;
  const both = `(\n  ${burn(windows.window)} > ${formatNumber(factor)}\nand\n  ${burn(windows.short)} > ${formatNumber(factor)}\n)`;
  return withTrafficGuard(ctx, both, windows.window, minRequests);
}

/**
 * A threshold condition held while the environment served fewer than
 * `minRequests` requests over the window (DESIGN.md: threshold alerts have
 * the burn alerts' minimum-traffic guard). Works for per-model conditions
 * too: `and on (environment)` matches each model's series to its environment.
 */
export function withTrafficGuard(
  ctx: QueryContext,
  expr: string,
  window: string,
  minRequests: number,
): string {
  const env = ctx.metrics.labels.environment;
  const requests = requestIncrease({ ...ctx, by: [env] }, window);
  return `${expr}\nand on (${env})\n  ${requests} >= ${formatNumber(minRequests)}`;
}

/**
 * Per-pod throughput below a floor while vLLM queues requests: the pod is
 * saturated below the capacity target. Low demand alone (nothing waiting)
 * never fires it (DESIGN.md).
 */
export function throughputLowWhileQueued(
  ctx: QueryContext,
  podRegex: string,
  window: string,
  perPod: number,
): string {
  const m = ctx.metrics;
  const pod = m.labels.pod;
  const perPodRate = requestRate({ ...ctx, by: [m.labels.environment, pod] }, window);
  const waiting = selector(m.vllm.numRequestsWaiting, {
    [m.kubernetes.podLabel]: { op: '=~', value: podRegex },
  });
  const queued = renameLabel(sumBy([m.kubernetes.podLabel], waiting), m.kubernetes.podLabel, pod);
  return `(${perPodRate} < ${formatNumber(perPod)})\nand on (${pod})\n(${queued} > 0)`;
}

/** Current quantile over a baseline above a ratio (guide: "Performance Regression Detection"). */
export function regressionAbove(
  ctx: QueryContext,
  histogram: string,
  q: number,
  window: string,
  baselineSeconds: number,
  ratio: number,
): string {
  return `${quantile(ctx, histogram, q, window)} / ${formatNumber(baselineSeconds)} > ${formatNumber(ratio)}`;
}
