/**
 * Recording rules for every SLI of an environment: request and error rates,
 * each objective's bad-event ratio at 5m, 30m, 1h, 2h, 6h, 1d, 3d, its own
 * window and its period, per environment and per environment and model; and
 * the latency quantiles the dashboards and threshold alerts read.
 */
import {
  allPodsDown,
  badRatio,
  errorRate,
  errorRateRecord,
  type Level,
  levelLabels,
  type QueryContext,
  quantile,
  quantileRecord,
  requestRate,
  requestRateRecord,
  SLI_WINDOWS,
  selector,
  sliErrorRecord,
  timesliceBad,
  timesliceBadRecord,
} from '../promql/index.ts';
import {
  type Environment,
  isRatioObjective,
  objectiveBurnWindows,
  parseDuration,
  type RatioObjective,
  type SloSpec,
} from '../spec/index.ts';
import { burnRateHighShort } from './threshold-rules.ts';
import type { RecordingRule, RuleGroup } from './types.ts';

const LEVELS: readonly Level[] = ['environment', 'environment_model'];
/** Quantiles recorded for dashboards (the guide's P50/P95/P99). */
const QUANTILES = [0.5, 0.95, 0.99] as const;
/** Windows above this go to a group evaluated every 5m: a 30d rate is costly and changes slowly. */
const LONG_WINDOW_MS = parseDuration('6h');

/** Every window the environment's rules and alerts read, shortest first. */
export function environmentWindows(spec: SloSpec, env: Environment): string[] {
  const set = new Set<string>(SLI_WINDOWS);
  for (const o of env.objectives.filter(isRatioObjective)) {
    set.add(o.window);
    set.add(o.period);
  }
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

function contextFor(spec: SloSpec, env: Environment, level: Level): QueryContext {
  return { metrics: spec.metrics, environment: env.name, by: levelLabels(level, spec.metrics.labels) };
}

function objectiveRules(
  spec: SloSpec,
  env: Environment,
  o: RatioObjective,
  windows: string[],
): RecordingRule[] {
  const rules: RecordingRule[] = [];
  for (const level of LEVELS) {
    const ctx = contextFor(spec, env, level);
    for (const w of windows) {
      let expr: string;
      if (o.budgetingMethod === 'timeslices') {
        const bad = selector(timesliceBadRecord(level, o.timeslice), {
          [spec.metrics.labels.environment]: env.name,
          slo: o.name,
        });
        expr = `avg_over_time(${bad}[${w}])`;
      } else {
        expr = badRatio(o, ctx, w);
      }
      rules.push({ record: sliErrorRecord(level, w), expr, labels: { slo: o.name } });
    }
  }
  return rules;
}

/** Per-slice 0/1 badness of timeslice objectives; availability also counts slices with no pod up. */
function timesliceRules(spec: SloSpec, env: Environment, objectives: RatioObjective[]): RecordingRule[] {
  return objectives
    .filter((o) => o.budgetingMethod === 'timeslices')
    .flatMap((o) =>
      LEVELS.map((level) => {
        const ctx = contextFor(spec, env, level);
        const down = o.kind === 'availability' && level === 'environment' ? allPodsDown(ctx) : undefined;
        return {
          record: timesliceBadRecord(level, o.timeslice),
          expr: timesliceBad(badRatio(o, ctx, o.timeslice), 1 - o.timesliceTarget, down),
          labels: { slo: o.name },
        };
      }),
    );
}

function rateRules(spec: SloSpec, env: Environment, windows: string[]): RecordingRule[] {
  return windows.flatMap((w) =>
    LEVELS.flatMap((level) => {
      const ctx = contextFor(spec, env, level);
      return [
        { record: requestRateRecord(level, w), expr: requestRate(ctx, w) },
        { record: errorRateRecord(level, w), expr: errorRate(ctx, w) },
      ];
    }),
  );
}

function quantileRules(spec: SloSpec, env: Environment): RecordingRule[] {
  const m = spec.metrics;
  return LEVELS.flatMap((level) => {
    const ctx = contextFor(spec, env, level);
    return QUANTILES.flatMap((q) => [
      {
        record: quantileRecord(level, 'request_duration', q, '5m'),
        expr: quantile(ctx, m.requestDuration, q, '5m'),
      },
      { record: quantileRecord(level, 'ttft', q, '5m'), expr: quantile(ctx, m.timeToFirstToken, q, '5m') },
    ]);
  });
}

/** The environment's SLI groups: windows up to 6h, and longer windows every 5m. */
export function sliGroups(spec: SloSpec, env: Environment): RuleGroup[] {
  const windows = environmentWindows(spec, env);
  const short = windows.filter((w) => parseDuration(w) <= LONG_WINDOW_MS);
  const long = windows.filter((w) => parseDuration(w) > LONG_WINDOW_MS);
  const ratio = env.objectives.filter(isRatioObjective);
  const podCtx = {
    metrics: spec.metrics,
    environment: env.name,
    by: levelLabels('environment_pod', spec.metrics.labels),
  };
  // A static environment label keeps the rules of two environments apart (promtool flags them as duplicates otherwise).
  const withEnv = (rules: RecordingRule[]): RecordingRule[] =>
    rules.map((r) => ({ ...r, labels: { [spec.metrics.labels.environment]: env.name, ...r.labels } }));
  return [
    {
      name: `vllm-slo-${env.name}-sli`,
      rules: withEnv([
        ...rateRules(spec, env, short),
        { record: requestRateRecord('environment_pod', '5m'), expr: requestRate(podCtx, '5m') },
        ...timesliceRules(spec, env, ratio),
        ...ratio.flatMap((o) => objectiveRules(spec, env, o, short)),
        ...quantileRules(spec, env),
      ]),
    },
    {
      name: `vllm-slo-${env.name}-sli-long`,
      interval: '5m',
      rules: withEnv([
        ...rateRules(spec, env, long),
        ...ratio.flatMap((o) => objectiveRules(spec, env, o, long)),
      ]),
    },
  ];
}
