/**
 * PromQL for the SLIs, over raw metrics (the gateway's contract names, or
 * whatever the spec's `metrics` section remaps them to). The recording rules,
 * the dashboards and the Prometheus source all build their queries here.
 */
import { assertNever, kindFacts, type MetricsConfig, type RatioObjective } from '../spec/index.ts';
import { formatNumber, leMatcher, type Matchers, rangeSelector, selector, sumBy } from './selector.ts';

/** What a query is about: one environment, grouped by some labels. */
export interface QueryContext {
  metrics: MetricsConfig;
  environment: string;
  /** Labels kept in the result (e.g. [environment] or [environment, model]). */
  by: readonly string[];
  /** The environment's error types that are bad events (Environment.failureTypes). */
  failureTypes: readonly string[];
}

export function envMatchers(ctx: QueryContext): Matchers {
  return { [ctx.metrics.labels.environment]: ctx.environment };
}

function rateSum(
  ctx: QueryContext,
  metric: string,
  window: string,
  extra: Matchers = {},
  by = ctx.by,
): string {
  return sumBy(by, `rate(${rangeSelector(metric, { ...envMatchers(ctx), ...extra }, window)})`);
}

/** Requests per second over a window. */
export function requestRate(ctx: QueryContext, window: string): string {
  return rateSum(ctx, ctx.metrics.requests, window);
}

/**
 * The bad events among the errors: `error_type=~"internal|unavailable|..."`
 * from the environment's failure types (src/engine/outcome.ts decides the
 * same for the embedded store).
 */
export function failureMatchers(ctx: QueryContext): Matchers {
  return { [ctx.metrics.labels.errorType]: { op: '=~', value: ctx.failureTypes.join('|') } };
}

/** Errors of every class and type per second (dashboards by class); zero rather than absent. */
export function errorRate(ctx: QueryContext, window: string): string {
  return `(${rateSum(ctx, ctx.metrics.errors, window)} or 0 * ${requestRate(ctx, window)})`;
}

/** Failures (bad events) per second; zero rather than absent where no such series exists yet. */
export function failureRate(ctx: QueryContext, window: string): string {
  return `(${rateSum(ctx, ctx.metrics.errors, window, failureMatchers(ctx))} or 0 * ${requestRate(ctx, window)})`;
}

/** failures / requests, the error kinds' bad-event ratio: NaN (no answer) when there were no requests. */
export function errorRatio(ctx: QueryContext, window: string): string {
  return `${failureRate(ctx, window)} / ${requestRate(ctx, window)}`;
}

/** Share of observations of a histogram above `thresholdSeconds` (the bad events of a latency SLO). */
export function slowRatio(
  ctx: QueryContext,
  histogram: string,
  thresholdSeconds: number,
  window: string,
): string {
  const within = rateSum(ctx, `${histogram}_bucket`, window, { le: leMatcher(thresholdSeconds) });
  const all = rateSum(ctx, `${histogram}_count`, window);
  return `1 - (${within} / ${all})`;
}

/** histogram_quantile over a window. */
export function quantile(ctx: QueryContext, histogram: string, q: number, window: string): string {
  return `histogram_quantile(${formatNumber(q)}, ${rateSum(ctx, `${histogram}_bucket`, window, {}, ['le', ...ctx.by])})`;
}

/** 1 when no pod of the environment is up (or none reports), else 0. */
export function allPodsDown(ctx: QueryContext): string {
  const up = selector(ctx.metrics.podUp, envMatchers(ctx));
  return `(max by (${ctx.metrics.labels.environment}) (${up}) == bool 0)`;
}

/**
 * 1 for a bad timeslice: its bad-event ratio above what the slice target
 * allows. With `podsDown` the slice is also bad when no pod was up, which
 * makes availability time-based ("minutes up") rather than request-based.
 */
export function timesliceBad(badRatio: string, allowedBad: number, podsDown?: string): string {
  const byRatio = `(${badRatio}) > bool ${formatNumber(allowedBad)}`;
  if (!podsDown) return byRatio;
  // Distinct part labels keep both sides of `or`; max merges them per environment.
  return `max without (slo_part) (label_replace(${byRatio}, "slo_part", "ratio", "", "") or label_replace(${podsDown}, "slo_part", "up", "", ""))`;
}

/**
 * The histogram a latency-kind objective counts against its threshold, or
 * undefined for a kind that counts failed requests (the table's `sli`; a
 * ratio kind's SLI is never `pod-rate`, the types know it).
 */
function sliHistogram(o: RatioObjective, m: MetricsConfig): string | undefined {
  const sli = kindFacts(o.kind).sli;
  switch (sli) {
    case 'duration':
      return m.requestDuration;
    case 'ttft':
      return m.timeToFirstToken;
    case 'failures':
      return undefined;
    default:
      return assertNever(sli, 'SLI kind');
  }
}

/** The bad-event ratio of an objective over a window, from raw metrics. */
export function badRatio(o: RatioObjective, ctx: QueryContext, window: string): string {
  const h = sliHistogram(o, ctx.metrics);
  return h === undefined ? errorRatio(ctx, window) : slowRatio(ctx, h, o.thresholdSeconds ?? 0, window);
}

/** Requests over a window: sum(increase(...)), for counts rather than ratios (the status engine). */
export function requestIncrease(ctx: QueryContext, window: string): string {
  return sumBy(ctx.by, `increase(${rangeSelector(ctx.metrics.requests, envMatchers(ctx), window)})`);
}

/**
 * An objective's bad events over a window: failures for the error kinds,
 * observations above the threshold for latency and TTFT.
 */
export function badIncrease(o: RatioObjective, ctx: QueryContext, window: string): string {
  const m = ctx.metrics;
  const h = sliHistogram(o, m);
  if (h !== undefined) {
    const all = sumBy(ctx.by, `increase(${rangeSelector(`${h}_count`, envMatchers(ctx), window)})`);
    const within = sumBy(
      ctx.by,
      `increase(${rangeSelector(`${h}_bucket`, { ...envMatchers(ctx), le: leMatcher(o.thresholdSeconds ?? 0) }, window)})`,
    );
    return `${all} - ${within}`;
  }
  const failures = rangeSelector(m.errors, { ...envMatchers(ctx), ...failureMatchers(ctx) }, window);
  return `(${sumBy(ctx.by, `increase(${failures})`)} or 0 * ${requestIncrease(ctx, window)})`;
}

/** All events an objective counts over a window: requests, or histogram observations. */
export function totalIncrease(o: RatioObjective, ctx: QueryContext, window: string): string {
  const h = sliHistogram(o, ctx.metrics);
  if (h !== undefined)
    return sumBy(ctx.by, `increase(${rangeSelector(`${h}_count`, envMatchers(ctx), window)})`);
  return requestIncrease(ctx, window);
}
