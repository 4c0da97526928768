/**
 * Recording rules for the SLIs of an environment, only those something reads
 * (alerts, dashboards; test/rules/recorded-consumers.test.ts checks both
 * ways): each objective's bad-event ratio per environment at the windows its
 * alerts and the dashboards read, the request rate at the burn-rate alerts'
 * long windows (their traffic guard), and per-slice badness for timeslice
 * objectives. Windows up to 6h come from the raw counters; longer ones
 * (1d, 3d, the period) from recorded 5-minute increases in a group evaluated
 * every minute (src/promql/recorded-windows.ts says why that is exact enough
 * and request-weighted), which reads a fixed number of samples per window
 * instead of every pod's every series at every scrape.
 */
import {
  allPodsDown,
  badIncrease,
  badRatio,
  hasOwnTotal,
  INCREASE_INTERVAL,
  INCREASE_WINDOW,
  increaseRatio,
  increaseRequestRate,
  type Level,
  levelLabels,
  type QueryContext,
  requestIncrease,
  requestIncreaseRecord,
  requestRate,
  requestRateRecord,
  SLI_WINDOWS,
  selector,
  sliErrorRecord,
  sloBadIncreaseRecord,
  sloTotalIncreaseRecord,
  timesliceBad,
  timesliceBadRecord,
  totalIncrease,
} from '../promql/index.ts';
import {
  type Environment,
  isRatioObjective,
  kindFacts,
  objectiveBurnWindows,
  parseDuration,
  type RatioObjective,
  type SloSpec,
} from '../spec/index.ts';
import { burnRateHighShort } from './threshold-rules.ts';
import type { RecordingRule, RuleGroup } from './types.ts';

/** Every SLI series is recorded per environment only: nothing reads a per-model or per-pod one. */
const LEVEL: Level = 'environment';
/** Windows above this come from the recorded 5-minute increases. */
const LONG_WINDOW_MS = parseDuration('6h');

const isLong = (w: string): boolean => parseDuration(w) > LONG_WINDOW_MS;

/** Every window the environment's rules and alerts read, shortest first. */
export function environmentWindows(spec: SloSpec, env: Environment): string[] {
  const set = new Set<string>(SLI_WINDOWS);
  for (const o of env.objectives.filter(isRatioObjective)) set.add(o.period);
  // Burn pairs read their windows scaled to the objective's period.
  for (const o of env.objectives.filter(isRatioObjective).filter((x) => x.burnRateAlerts))
    for (const w of objectiveBurnWindows(spec, o)) set.add(w.long).add(w.short);
  for (const a of env.alerts)
    if (a.type === 'burn-rate-high') set.add(a.window).add(burnRateHighShort(spec, a.window));
  // Two spellings of one duration ("1d", "24h") would record the same series twice.
  const byMs = new Map<number, string>();
  for (const w of set) if (!byMs.has(parseDuration(w))) byMs.set(parseDuration(w), w);
  return [...byMs.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w);
}

function contextFor(spec: SloSpec, env: Environment): QueryContext {
  return {
    metrics: spec.metrics,
    environment: env.name,
    by: levelLabels(LEVEL, spec.metrics.labels),
    failureTypes: env.failureTypes,
  };
}

/**
 * Windows an objective's ratio is read at, in environmentWindows' spelling:
 * all of them for objectives with burn-rate alerts and for availability (`podsDown`; the
 * burn-rate and availability panels read every SLI window); else the period
 * (budget panels, error-budget-low) and any burn-rate-high alert's window.
 */
function objectiveWindows(
  spec: SloSpec,
  env: Environment,
  o: RatioObjective,
  windows: readonly string[],
): string[] {
  if (o.burnRateAlerts || kindFacts(o.kind).podsDown) return [...windows];
  const read = new Set([parseDuration(o.period)]);
  for (const a of env.alerts) {
    if (a.type === 'burn-rate-high' && a.objective === o.name) {
      read.add(parseDuration(a.window));
      read.add(parseDuration(burnRateHighShort(spec, a.window)));
    }
  }
  return windows.filter((w) => read.has(parseDuration(w)));
}

/** The burn-rate alerts' long windows (scaled to each objective's period): their traffic guard reads the request rate there. */
function guardWindows(spec: SloSpec, env: Environment): string[] {
  const longs = env.objectives
    .filter(isRatioObjective)
    .filter((o) => o.burnRateAlerts)
    .flatMap((o) => objectiveBurnWindows(spec, o).map((w) => w.long));
  const byMs = new Map<number, string>();
  for (const w of longs) if (!byMs.has(parseDuration(w))) byMs.set(parseDuration(w), w);
  return [...byMs.values()];
}

function ratioRule(spec: SloSpec, env: Environment, o: RatioObjective, w: string): RecordingRule {
  let expr: string;
  if (o.budgetingMethod === 'timeslices') {
    const bad = selector(timesliceBadRecord(LEVEL, o.timeslice), {
      [spec.metrics.labels.environment]: env.name,
      slo: o.name,
    });
    expr = `avg_over_time(${bad}[${w}])`;
  } else {
    expr = isLong(w) ? increaseRatio(spec.metrics, env.name, o, w) : badRatio(o, contextFor(spec, env), w);
  }
  return { record: sliErrorRecord(LEVEL, w), expr, labels: { slo: o.name } };
}

/** Per-slice 0/1 badness of timeslice objectives; availability (`podsDown`) also counts slices with no pod up. */
function timesliceRules(spec: SloSpec, env: Environment, objectives: RatioObjective[]): RecordingRule[] {
  return objectives
    .filter((o) => o.budgetingMethod === 'timeslices')
    .map((o) => {
      const ctx = contextFor(spec, env);
      const down = kindFacts(o.kind).podsDown ? allPodsDown(ctx) : undefined;
      return {
        record: timesliceBadRecord(LEVEL, o.timeslice),
        expr: timesliceBad(badRatio(o, ctx, o.timeslice), 1 - o.timesliceTarget, down),
        labels: { slo: o.name },
      };
    });
}

/**
 * The 5-minute increases the long windows read: requests, and each
 * occurrence-budgeted objective's bad events (and its histogram count for
 * latency and TTFT), from the same builders as the raw ratios.
 */
function increaseRules(spec: SloSpec, env: Environment, objectives: RatioObjective[]): RecordingRule[] {
  const ctx = contextFor(spec, env);
  const w = INCREASE_WINDOW;
  return [
    { record: requestIncreaseRecord(LEVEL), expr: requestIncrease(ctx, w) },
    ...objectives.flatMap((o) => [
      { record: sloBadIncreaseRecord(LEVEL), expr: badIncrease(o, ctx, w), labels: { slo: o.name } },
      ...(hasOwnTotal(o)
        ? [{ record: sloTotalIncreaseRecord(LEVEL), expr: totalIncrease(o, ctx, w), labels: { slo: o.name } }]
        : []),
    ]),
  ];
}

/** The environment's SLI groups: windows up to 6h from raw counters; longer ones from 5m increases, every minute. */
export function sliGroups(spec: SloSpec, env: Environment): RuleGroup[] {
  const windows = environmentWindows(spec, env);
  const ratio = env.objectives.filter(isRatioObjective);
  const ratios = (long: boolean) =>
    ratio.flatMap((o) =>
      objectiveWindows(spec, env, o, windows)
        .filter((w) => isLong(w) === long)
        .map((w) => ratioRule(spec, env, o, w)),
    );
  const guards = guardWindows(spec, env);
  const fromIncreases = ratio.filter(
    (o) => o.budgetingMethod === 'occurrences' && objectiveWindows(spec, env, o, windows).some(isLong),
  );
  const longGuards = guards.filter(isLong);
  const increases =
    fromIncreases.length > 0 || longGuards.length > 0 ? increaseRules(spec, env, fromIncreases) : [];
  // A static environment label keeps the rules of two environments apart (promtool flags them as duplicates otherwise).
  const withEnv = (rules: RecordingRule[]): RecordingRule[] =>
    rules.map((r) => ({ ...r, labels: { [spec.metrics.labels.environment]: env.name, ...r.labels } }));
  return [
    {
      name: `vllm-slo-${env.name}-sli`,
      rules: withEnv([
        ...guards
          .filter((w) => !isLong(w))
          .map((w) => ({ record: requestRateRecord(LEVEL, w), expr: requestRate(contextFor(spec, env), w) })),
        ...timesliceRules(spec, env, ratio),
        ...ratios(false),
      ]),
    },
    {
      // Rules of a group run in order at one timestamp: the increases are recorded before the ratios read them.
      name: `vllm-slo-${env.name}-sli-long`,
      interval: INCREASE_INTERVAL,
      rules: withEnv([
        ...increases,
        ...longGuards.map((w) => ({
          record: requestRateRecord(LEVEL, w),
          expr: increaseRequestRate(spec.metrics, env.name, w),
        })),
        ...ratios(true),
      ]),
    },
  ];
}
