/**
 * The objective detail document: an objective's status now plus the series
 * its charts draw, all read from the embedded store with the same counting
 * as `status` (rollupCounts), so a chart's last point and the status agree.
 */

import type { BurnPairState, ObjectiveDetail, RangeName, Series } from '../api/index.ts';
import type { ObjectiveStatus } from '../engine/index.ts';
import { rollupCounts } from '../sources/index.ts';
import {
  type Environment,
  isRatioObjective,
  objectiveBurnWindows,
  type RatioObjective,
  type SloSpec,
} from '../spec/index.ts';
import type { Rollup, SloStore } from '../store/index.ts';
import { type ChartWindow, chartWindow } from './chart-range.ts';

const QUANTILES = [0.5, 0.95, 0.99] as const;

function quantiles(rollups: readonly Rollup[], which: 'duration' | 'ttft') {
  const [p50, p95, p99] = QUANTILES.map((q) => rollups.map((r) => r[which].quantile(q) ?? null));
  return { p50: p50 ?? [], p95: p95 ?? [], p99: p99 ?? [] };
}

/** Bad and total events of a rollup for an objective; zeros without traffic. */
function counts(o: RatioObjective, r: Rollup): { bad: number; total: number } {
  return rollupCounts(o, r) ?? { bad: 0, total: 0 };
}

const HOUR_MS = 3_600_000;

function remaining(o: RatioObjective, bad: number, total: number): number | null {
  return total > 0 ? 1 - bad / total / o.budget : null;
}

/**
 * Remaining budget over the rolling period ending at each step's end (SRE
 * Workbook ch. 5's "budget remaining" over a rolling window): the counts of
 * [from - period, from) to start with, then each step adds its own and
 * drops the step that left the period. Only the sum of the lead matters, so
 * it is read in hour-long (or step-long) windows, not per step: a 1h chart
 * of a 30-day period reads 720 rollups for it instead of 43,200.
 */
function occurrencesBurndown(
  store: SloStore,
  env: string,
  o: RatioObjective,
  w: ChartWindow,
  steps: Rollup[],
) {
  let bad = 0;
  let total = 0;
  for (const r of store.series(env, w.from - o.periodMs, w.from, Math.max(w.stepMs, HOUR_MS))) {
    const c = counts(o, r);
    bad += c.bad;
    total += c.total;
  }
  const leaving = store.series(env, w.from - o.periodMs, w.to - o.periodMs, w.stepMs);
  return steps.map((r, s): number | null => {
    const entered = counts(o, r);
    const left = leaving[s] ? counts(o, leaving[s]) : { bad: 0, total: 0 };
    bad += entered.bad - left.bad;
    total += entered.total - left.total;
    return remaining(o, bad, total);
  });
}

/**
 * The same for timeslice budgeting: slices of the objective's timeslice
 * length over [from - period, to), each good or bad as a whole, then
 * summed as a sliding window at every step's end.
 */
function timesliceBurndown(store: SloStore, env: string, o: RatioObjective, w: ChartWindow): Series {
  const units = store.series(env, w.from - o.periodMs, w.to, o.timesliceMs).map((r) => {
    const c = counts(o, r);
    return {
      total: c.total > 0 ? 1 : 0,
      bad: c.total > 0 && c.bad / c.total > 1 - o.timesliceTarget ? 1 : 0,
    };
  });
  const lead = Math.round(o.periodMs / o.timesliceMs);
  const perStep = Math.round(w.stepMs / o.timesliceMs);
  let bad = 0;
  let total = 0;
  for (let k = 0; k < lead && k < units.length; k++) {
    bad += units[k]?.bad ?? 0;
    total += units[k]?.total ?? 0;
  }
  return w.starts.map((_, s) => {
    for (let k = lead + s * perStep; k < lead + (s + 1) * perStep && k < units.length; k++) {
      bad += (units[k]?.bad ?? 0) - (units[k - lead]?.bad ?? 0);
      total += (units[k]?.total ?? 0) - (units[k - lead]?.total ?? 0);
    }
    return remaining(o, bad, total);
  });
}

function burndown(store: SloStore, env: string, o: RatioObjective, w: ChartWindow, steps: Rollup[]): Series {
  return o.budgetingMethod === 'timeslices'
    ? timesliceBurndown(store, env, o, w)
    : occurrencesBurndown(store, env, o, w, steps);
}

/** Requests per second of each pod in each step. */
function throughputByPod(store: SloStore, env: string, w: ChartWindow): Record<string, Series> {
  const out: Record<string, Series> = {};
  w.starts.forEach((start, s) => {
    for (const [pod, n] of store.requestsByPod(env, start, start + w.stepMs)) {
      out[pod] ??= w.starts.map(() => 0);
      (out[pod] as Series)[s] = n / (w.seconds[s] ?? 1);
    }
  });
  return out;
}

/** The lowest pod rate in each step; null where no pod served. */
function slowestPod(w: ChartWindow, byPod: Record<string, Series>): Series {
  const pods = Object.values(byPod);
  return w.starts.map((_, s) => {
    const rates = pods.map((p) => p[s]).filter((v): v is number => v !== null && v !== undefined && v > 0);
    return rates.length === 0 ? null : Math.min(...rates);
  });
}

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

/**
 * The detail document of one objective over a range ending now. `status`
 * is the objective's entry of the status document computed at `now`.
 */
export function objectiveDetail(
  spec: SloSpec,
  store: SloStore,
  env: Environment,
  status: ObjectiveStatus,
  range: RangeName,
  now: number,
): ObjectiveDetail {
  const w = chartWindow(range, now);
  const steps = store.series(env.name, w.from, w.to, w.stepMs);
  const o = env.objectives.find((x) => x.name === status.name);
  const ratio = o !== undefined && isRatioObjective(o) ? o : undefined;
  const byPod = throughputByPod(store, env.name, w);
  const perSecond = (f: (r: Rollup) => number): Series => steps.map((r, s) => f(r) / (w.seconds[s] ?? 1));
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
    sli: ratio
      ? steps.map((r) => {
          const c = rollupCounts(ratio, r);
          return c ? 1 - c.bad / c.total : null;
        })
      : slowestPod(w, byPod),
    budget_remaining: ratio ? burndown(store, env.name, ratio, w, steps) : w.starts.map(() => null),
    requests_per_second: perSecond((r) => r.requests),
    errors_per_second: perSecond((r) => r.errorsTotal),
    latency: quantiles(steps, 'duration'),
    ttft: quantiles(steps, 'ttft'),
    throughput_by_pod: byPod,
    burn_pairs: ratio ? burnPairs(spec, ratio, status) : [],
  };
}
