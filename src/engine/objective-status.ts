/**
 * An objective's status from its window counts: the SLI, met or not, the
 * error budget over the period, burn rates, and which multi-window alert
 * pairs fire (DESIGN.md, "SLO math"; Google SRE Workbook, ch. 5).
 */
import type { RatioObjective, ScaledBurnWindow, ThroughputObjective } from '../spec/index.ts';
import {
  budgetConsumedMinutes,
  budgetRemainingMinutes,
  budgetRemainingRatio,
  errorBudgetMinutes,
} from './budget.ts';
import { withState } from './objective-state.ts';
import type { FiringAlert, ObjectiveStatus, WindowCounts } from './status-types.ts';
import { windowBurnRate } from './step-series.ts';

/** The bad share of a window, or undefined with no events. */
export function badRatio(c: WindowCounts | undefined): number | undefined {
  return c && c.total > 0 ? c.bad / c.total : undefined;
}

export interface BurnPairInput {
  /** The pairs scaled to the objective's period, with their factors (the spec's objectiveBurnWindows). */
  windows: readonly ScaledBurnWindow[];
  /** Burn-rate alerts hold below this many requests in the long window. */
  minRequests: number;
  /** Page pairs: the objective's severity; tickets one lower. */
  severity(w: ScaledBurnWindow): string;
}

/** The pairs whose long and short windows both burn above the factor, with enough traffic. */
export function firingBurnPairs(
  o: RatioObjective,
  counts: ReadonlyMap<string, WindowCounts | undefined>,
  input: BurnPairInput,
): FiringAlert[] {
  if (!o.burnRateAlerts) return [];
  const out: FiringAlert[] = [];
  for (const w of input.windows) {
    const long = counts.get(w.long);
    const short = counts.get(w.short);
    const lr = badRatio(long);
    const sr = badRatio(short);
    if (lr === undefined || sr === undefined || (long?.total ?? 0) < input.minRequests) continue;
    const threshold = w.factor * o.budget;
    if (lr > threshold && sr > threshold)
      out.push({
        alertname: 'VllmErrorBudgetBurn',
        severity: input.severity(w),
        labels: {
          slo: o.name,
          // As the generated burn rules label them, so a UI or router can tell pages from tickets.
          alert_type: w.severity,
          long_window: w.long,
          short_window: w.short,
          burn_rate: String(w.factor),
        },
      });
  }
  return out;
}

/**
 * Status of a ratio objective. `counts` holds the objective's window, its
 * period and every burn window, keyed by their duration text.
 */
export function ratioObjectiveStatus(
  o: RatioObjective,
  counts: ReadonlyMap<string, WindowCounts | undefined>,
  burnWindowLabels: readonly string[],
  pairs: BurnPairInput,
  quantileSeconds: number | undefined,
): ObjectiveStatus {
  const now = badRatio(counts.get(o.window));
  const period = badRatio(counts.get(o.period));
  const burn: Record<string, number | null> = {};
  // The arithmetic of the burn-rate series too (step-series.ts), so a chart's last point is this.
  for (const w of burnWindowLabels) burn[w] = windowBurnRate(counts.get(w), o.target);
  const totalMinutes = errorBudgetMinutes(o.target, o.periodMs);
  return withState({
    environment: o.environment,
    name: o.name,
    kind: o.kind,
    target: o.target,
    value: now === undefined ? null : 1 - now,
    quantile_seconds: quantileSeconds ?? null,
    threshold_seconds: o.thresholdSeconds ?? null,
    met: now === undefined ? null : 1 - now >= o.target - 1e-12,
    window: o.window,
    period: o.period,
    error_budget:
      period === undefined
        ? {
            total_minutes: totalMinutes,
            consumed_minutes: 0,
            remaining_ratio: 1,
            remaining_minutes: totalMinutes,
          }
        : {
            total_minutes: totalMinutes,
            consumed_minutes: budgetConsumedMinutes(period, o.periodMs),
            remaining_ratio: budgetRemainingRatio(period, o.target),
            remaining_minutes: budgetRemainingMinutes(period, o.target, o.periodMs),
          },
    burn_rates: burn,
    firing_alerts: firingBurnPairs(o, counts, pairs),
  });
}

/**
 * Status of a throughput floor: the slowest pod against minPerPod. A pod
 * serving less than the floor may simply have less demand: the guide's
 * floor is a capacity ("each pod sustains 10 req/s"), which only a pod
 * with work waiting can fail. Request counts cannot tell the two apart, so
 * below the floor `met` is null (undetermined), not false; the generated
 * rule VllmThroughputLow decides with vLLM's queue gauge, and the load
 * test measures the capacity itself.
 */
export function throughputStatus(
  o: ThroughputObjective,
  perPod: ReadonlyMap<string, number>,
): ObjectiveStatus {
  const rates = [...perPod.values()];
  const lowest = rates.length === 0 ? undefined : Math.min(...rates);
  return withState({
    environment: o.environment,
    name: o.name,
    kind: o.kind,
    target: o.minPerPod,
    value: lowest ?? null,
    quantile_seconds: null,
    threshold_seconds: null,
    met: lowest !== undefined && lowest >= o.minPerPod ? true : null,
    window: o.window,
    period: null,
    error_budget: null,
    burn_rates: {},
    firing_alerts: [],
  });
}
