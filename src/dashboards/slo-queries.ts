/**
 * The SLO dashboard's PromQL. SLO numbers come from the recording rules
 * (`environment:vllm_slo_errors:ratio_rate<window>{environment, slo}`, see
 * src/promql/names.ts) wherever the rules record that window, and each
 * environment's targets, periods and thresholds come from the spec. Since
 * those constants differ per environment (99.9 % over 30d in production,
 * 99 % over 7d in staging), every query is one term per environment and
 * objective, and `forSelectedEnvironment` keeps the selected environment's.
 *
 * Budget arithmetic (DESIGN.md, "SLO math"), not the guide's panel, which
 * subtracted an error count from 43.8 minutes:
 *   remaining fraction = 1 - error_ratio / (1 - target)
 *   remaining minutes  = period_minutes * ((1 - target) - error_ratio)
 *   burn rate          = error_ratio(window) / (1 - target)
 */
import {
  constant,
  constantForSelectedEnvironment,
  type EnvironmentTerm,
  errorRatio,
  formatNumber,
  forSelectedEnvironment,
  grafanaVariable,
  increaseRatio,
  type LabelMatch,
  sliErrorRecord,
  timesliceBadRecord,
  vectorSelector,
  withLabel,
} from '../promql/index.ts';
import { environmentWindows } from '../rules/index.ts';
import {
  type BurnWindow,
  type Environment,
  isRatioObjective,
  type Objective,
  objectiveBurnWindows,
  parseDuration,
  type RatioObjective,
  type SloSpec,
} from '../spec/index.ts';

/** The recording rules' own spelling of a window the environment records ("1d" for "24h"), if it does. */
export function recordedWindow(spec: SloSpec, env: Environment, window: string): string | undefined {
  const ms = parseDuration(window);
  return environmentWindows(spec, env).find((w) => parseDuration(w) === ms);
}

function envLabel(spec: SloSpec): string {
  return spec.metrics.labels.environment;
}

/** The recorded bad-event ratio of an objective over a window it is recorded at. */
function sliRecord(spec: SloSpec, o: RatioObjective, recorded: string): string {
  return vectorSelector(sliErrorRecord('environment', recorded), [
    [envLabel(spec), '=', o.environment],
    ['slo', '=', o.name],
  ]);
}

/** The objective's bad-event ratio over its period, from the rules (the period is always recorded). */
function periodRatio(spec: SloSpec, env: Environment, o: RatioObjective): string {
  return sliRecord(spec, o, recordedWindow(spec, env, o.period) ?? o.period);
}

function ratioObjectives(env: Environment): RatioObjective[] {
  return env.objectives.filter(isRatioObjective);
}

function terms<T>(spec: SloSpec, make: (env: Environment) => T[]): T[] {
  return spec.environments.flatMap(make);
}

function selected(spec: SloSpec, list: EnvironmentTerm[]): string | undefined {
  return list.length === 0 ? undefined : forSelectedEnvironment(envLabel(spec), list);
}

/** One term per ratio objective of every environment; the selected environment's are kept. */
function perRatioObjective(
  spec: SloSpec,
  expr: (env: Environment, o: RatioObjective) => string,
): string | undefined {
  return selected(
    spec,
    terms(spec, (env) => ratioObjectives(env).map((o) => ({ environment: env.name, expr: expr(env, o) }))),
  );
}

/**
 * Availability (1 - bad-event ratio of the environment's availability
 * objective) over a window: the recorded ratio where the rules record that
 * window; otherwise the rule's own expression over the window (timeslice
 * objectives: the share of bad slices; over 6h, the ratio of the rules'
 * 5-minute increases; else failed requests / requests).
 */
export function availabilityAt(spec: SloSpec, window: string): string | undefined {
  return selected(
    spec,
    spec.environments.map((env) => {
      const o = ratioObjectives(env).find((x) => x.kind === 'availability');
      const recorded = recordedWindow(spec, env, window);
      if (o && recorded) return { environment: env.name, expr: `1 - ${sliRecord(spec, o, recorded)}` };
      if (o && o.budgetingMethod === 'timeslices') {
        const bad = vectorSelector(timesliceBadRecord('environment', o.timeslice), [
          [envLabel(spec), '=', env.name],
          ['slo', '=', o.name],
        ]);
        return { environment: env.name, expr: `1 - avg_over_time(${bad}[${window}])` };
      }
      // Long windows from the rules' 5-minute increases: a 7-day ratio over raw counters reads every pod's series.
      if (o && parseDuration(window) > parseDuration('6h')) {
        return { environment: env.name, expr: `1 - (${increaseRatio(spec.metrics, env.name, o, window)})` };
      }
      const ctx = {
        metrics: spec.metrics,
        environment: env.name,
        by: [envLabel(spec)],
        failureTypes: env.failureTypes,
      };
      return { environment: env.name, expr: `1 - (${errorRatio(ctx, window)})` };
    }),
  );
}

/** The availability target of the selected environment, shown beside the measured values. */
export function availabilityTarget(spec: SloSpec): string | undefined {
  const values = spec.environments.flatMap((env) => {
    const o = ratioObjectives(env).find((x) => x.kind === 'availability');
    return o ? [{ environment: env.name, value: o.target }] : [];
  });
  return values.length === 0 ? undefined : constantForSelectedEnvironment(envLabel(spec), values);
}

/** Share of each objective's error budget left over its period: 1 - ratio / (1 - target). */
export function budgetRemainingFraction(spec: SloSpec): string | undefined {
  return perRatioObjective(spec, (env, o) => `1 - ${periodRatio(spec, env, o)} / ${formatNumber(o.budget)}`);
}

/** Minutes of each objective's budget left: period_minutes * ((1 - target) - ratio); negative once overspent. */
export function budgetRemainingMinutes(spec: SloSpec): string | undefined {
  return perRatioObjective(
    spec,
    (env, o) =>
      `(${formatNumber(o.budget)} - ${periodRatio(spec, env, o)}) * ${formatNumber(o.periodMs / 60_000)}`,
  );
}

/** Names of objectives with burn-rate alerts in some environment, in spec order. */
export function burnObjectiveNames(spec: SloSpec): string[] {
  const names = terms(spec, (env) =>
    ratioObjectives(env)
      .filter((o) => o.burnRateAlerts)
      .map((o) => o.name),
  );
  return [...new Set(names)];
}

function named(env: Environment, name: string): RatioObjective | undefined {
  return ratioObjectives(env).find((o) => o.name === name);
}

/** Burn rate of the named objective over a recorded window: ratio / (1 - target). */
export function burnRate(spec: SloSpec, name: string, window: string): string | undefined {
  return selected(
    spec,
    terms(spec, (env) => {
      const o = named(env, name);
      const recorded = recordedWindow(spec, env, window);
      // Only objectives with burn-rate alerts record every SLI window (src/rules/sli-rules.ts).
      if (!o?.burnRateAlerts || !recorded) return [];
      return [{ environment: env.name, expr: `${sliRecord(spec, o, recorded)} / ${formatNumber(o.budget)}` }];
    }),
  );
}

/**
 * The factor a burn-rate alert pair fires at, for the named objective's period
 * in each environment. Each term carries the pair's windows as scaled to that
 * environment's period (labels `long_window`, `short_window`, as on the alerts),
 * so the legend names the windows that fire there, not the 30-day base.
 */
export function burnThreshold(spec: SloSpec, name: string, w: BurnWindow): string | undefined {
  const label = envLabel(spec);
  const terms = spec.environments.flatMap((env) => {
    const o = named(env, name);
    const scaled = o?.burnRateAlerts ? objectiveBurnWindows(spec, o).find((s) => s.base === w) : undefined;
    if (!scaled) return [];
    const labelled = [
      [label, env.name],
      ['long_window', scaled.long],
      ['short_window', scaled.short],
    ] as const;
    const expr = labelled.reduce((e, [l, v]) => withLabel(e, l, v), constant(scaled.factor));
    return [{ environment: env.name, expr }];
  });
  return terms.length === 0 ? undefined : forSelectedEnvironment(label, terms);
}

/** A per-environment SLO line (a latency threshold, a throughput floor) from each environment's objective. */
export function sloLine(spec: SloSpec, value: (env: Environment) => number | undefined): string | undefined {
  const values = spec.environments.flatMap((env) => {
    const v = value(env);
    return v === undefined ? [] : [{ environment: env.name, value: v }];
  });
  return values.length === 0 ? undefined : constantForSelectedEnvironment(envLabel(spec), values);
}

/** The guide's measurement window for latency, TTFT and throughput objectives. */
const GUIDE_WINDOW = '5m';

/**
 * A series over each environment's objective window: one query with
 * `$environment` when all environments measure over the same window (the
 * default spec: 5m), else one term per environment with its own window.
 */
export function overObjectiveWindow(
  spec: SloSpec,
  objective: (env: Environment) => Objective | undefined,
  build: (window: string, env: LabelMatch) => string,
): string {
  const label = envLabel(spec);
  const windows = spec.environments.map((env) => objective(env)?.window ?? GUIDE_WINDOW);
  const distinct = new Set(windows.map((w) => parseDuration(w)));
  const [first] = windows;
  if (distinct.size <= 1) return build(first ?? GUIDE_WINDOW, [label, '=', grafanaVariable('environment')]);
  return forSelectedEnvironment(
    label,
    spec.environments.map((env, i) => ({
      environment: env.name,
      expr: withLabel(build(windows[i] ?? GUIDE_WINDOW, [label, '=', env.name]), label, env.name),
    })),
  );
}
