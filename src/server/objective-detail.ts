/**
 * The objective detail document: an objective's status now plus the series
 * its charts draw, all asked of the source (embedded store or Prometheus),
 * which counts as `status` does, so a chart's last point and the status agree.
 */

import type { BurnPairState, ObjectiveDetail, RangeName, Series } from '../api/index.ts';
import { type ObjectiveStatus, slowestPerStep } from '../engine/index.ts';
import type { SloSource } from '../sources/index.ts';
import {
  type Environment,
  isRatioObjective,
  objectiveBurnWindows,
  type RatioObjective,
  type SloSpec,
} from '../spec/index.ts';
import { chartWindow } from './chart-range.ts';

const QUANTILES = [0.5, 0.95, 0.99] as const;

function burnPairs(spec: SloSpec, o: RatioObjective, status: ObjectiveStatus): BurnPairState[] {
  return objectiveBurnWindows(spec, o).map((w) => {
    return {
      severity: w.severity,
      long: w.long,
      short: w.short,
      factor: w.factor,
      long_rate: status.burn_rates[w.long] ?? null,
      short_rate: status.burn_rates[w.short] ?? null,
      firing: status.firing_alerts.some(
        (a) => a.labels.long_window === w.long && a.labels.short_window === w.short,
      ),
    };
  });
}

/** `series` with its last point replaced by `now` (an empty series stays empty). */
function endingAt(series: Series, now: number | null): Series {
  return series.length === 0 ? series : [...series.slice(0, -1), now];
}

/**
 * The detail document of one objective over a range ending now. `status`
 * is the objective's entry of the status document computed at `now`.
 */
export async function objectiveDetail(
  spec: SloSpec,
  source: SloSource,
  env: Environment,
  status: ObjectiveStatus,
  range: RangeName,
  now: number,
): Promise<ObjectiveDetail> {
  const w = chartWindow(range, now);
  const o = env.objectives.find((x) => x.name === status.name);
  const ratio = o !== undefined && isRatioObjective(o) ? o : undefined;
  const none = () => w.starts.map(() => null);
  const noBurn: Record<string, Series> = {};
  const burnWindows = ratio
    ? [...new Set(objectiveBurnWindows(spec, ratio).flatMap((p) => [p.long, p.short]))]
    : [];
  const [byPod, rates, latency, ttft, sli, budget, burn] = await Promise.all([
    source.podRateSeries(env, w),
    source.rateSeries(env, w),
    source.quantileSeries(env, 'duration', QUANTILES, w),
    source.quantileSeries(env, 'ttft', QUANTILES, w),
    ratio ? source.sliSeries(env, ratio, w) : undefined,
    ratio ? source.budgetSeries(env, ratio, w) : none(),
    ratio ? source.burnRateSeries(env, ratio, burnWindows, w) : noBurn,
  ]);
  // The last point is the window (and the period) ending now, which the status document already
  // answers: over Prometheus the series read the recording rules, whose long windows (from 5-minute
  // increases) weigh young traffic differently from status's raw counters; the chart's last point
  // and the status must not disagree.
  const burnNow = Object.fromEntries(
    Object.entries(burn).map(([x, series]) => [
      x,
      Object.hasOwn(status.burn_rates, x) ? endingAt(series, status.burn_rates[x] ?? null) : series,
    ]),
  );
  const budgetNow = ratio ? endingAt(budget, status.error_budget?.remaining_ratio ?? null) : budget;
  return {
    environment: env.name,
    status,
    threshold_seconds: ratio?.thresholdSeconds ?? null,
    range,
    step_seconds: w.stepMs / 1000,
    from: w.from / 1000,
    to: w.to / 1000,
    t: w.starts.map((t) => t / 1000),
    // A ratio objective's good share; a throughput floor's slowest pod, as its status value is.
    sli: sli ?? slowestPerStep(w.starts.length, byPod),
    budget_remaining: budgetNow,
    requests_per_second: rates.requests,
    errors_per_second: rates.errors,
    latency: { p50: latency[0] ?? none(), p95: latency[1] ?? none(), p99: latency[2] ?? none() },
    ttft: { p50: ttft[0] ?? none(), p95: ttft[1] ?? none(), p99: ttft[2] ?? none() },
    throughput_by_pod: byPod,
    burn_pairs: ratio ? burnPairs(spec, ratio, status) : [],
    burn_rates: burnNow,
  };
}
