/**
 * Turns the parsed input (defaults filled) into the SloSpec model: every
 * duration parsed once, percentages turned into ratios, alert names resolved.
 */
import { alertName } from './alert-names.ts';
import { formatDuration, parseDuration } from './duration.ts';
import type { Environment, GatewayTimeoutsSpec, Objective, SloSpec, ThresholdAlert } from './model.ts';
import { assertNever } from './objective-kinds.ts';
import type { EnvironmentInput, SpecInput } from './schema.ts';
import type { ObjectiveInput } from './schema-objectives.ts';
import { LATENCY_PATTERN } from './schema-parts.ts';

/** Seconds of a latency threshold given as "3s", "500ms" or a number of seconds. */
export function thresholdSeconds(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = LATENCY_PATTERN.exec(value);
  const n = Number(m?.[1]);
  const unit = m?.[2];
  // Rounded to nanoseconds so "2.1s" is 2.1, not 2.1000000000000001.
  const seconds = unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : n;
  return Math.round(seconds * 1e9) / 1e9;
}

/**
 * One spelling per duration ("24h" -> "1d", "60m" -> "1h"): recording-rule
 * names carry the window, so the alerts that read them must spell it the same.
 */
export function canonicalDuration(text: string): string {
  return formatDuration(parseDuration(text));
}

function objective(envName: string, env: EnvironmentInput, name: string, o: ObjectiveInput): Objective {
  const base = {
    name,
    environment: envName,
    description: o.description,
    severity: o.severity,
    window: canonicalDuration(o.window),
    windowMs: parseDuration(o.window),
  };
  // Percent as written -> ratio. Rounded to 12 digits so 100 - 0.1 gives 0.999, not 0.9990000000000001.
  const ratio = (pct: number): number => Math.round(pct * 1e10) / 1e12;
  let target: number;
  let quantile: number | undefined;
  let threshold: number | undefined;
  switch (o.kind) {
    case 'throughput':
      return { ...base, kind: o.kind, minPerPod: o.minPerPod };
    case 'error-rate':
      target = ratio(100 - o.max);
      break;
    case 'latency':
    case 'ttft':
      // DESIGN.md: "P95 < 3 s" means at least 95 % of requests finish within 3 s.
      target = o.quantile;
      quantile = o.quantile;
      threshold = thresholdSeconds(o.threshold);
      break;
    case 'availability':
    case 'success-rate':
      target = ratio(o.target);
      break;
    default:
      return assertNever(o, 'objective kind');
  }
  const period = canonicalDuration(o.period ?? env.period);
  return {
    ...base,
    kind: o.kind,
    target,
    budget: Math.round((1 - target) * 1e12) / 1e12,
    period,
    periodMs: parseDuration(period),
    budgetingMethod: env.budgetingMethod,
    timeslice: canonicalDuration(env.timeslice),
    timesliceMs: parseDuration(env.timeslice),
    timesliceTarget: o.timesliceTarget === undefined ? target : ratio(o.timesliceTarget),
    burnRateAlerts: o.burnRateAlerts,
    failureTypes: [...new Set(env.failureTypes)],
    quantile,
    thresholdSeconds: threshold,
  };
}

function environment(name: string, env: EnvironmentInput): Environment {
  const alerts: ThresholdAlert[] = env.alerts.map((a) => ({
    ...a,
    ...('window' in a ? { window: canonicalDuration(a.window) } : {}),
    name: alertName(a),
    environment: name,
    forMs: parseDuration(a.for),
  }));
  return {
    name,
    description: env.description,
    period: canonicalDuration(env.period),
    periodMs: parseDuration(env.period),
    budgetingMethod: env.budgetingMethod,
    timeslice: canonicalDuration(env.timeslice),
    timesliceMs: parseDuration(env.timeslice),
    models: env.models,
    pods: env.pods,
    podRegex: env.podRegex,
    failureTypes: [...new Set(env.failureTypes)],
    source: env.source,
    objectives: Object.entries(env.objectives).map(([n, o]) => objective(name, env, n, o)),
    alerts,
    ...(env.gateway?.timeouts ? { gatewayTimeouts: gatewayTimeouts(env.gateway.timeouts) } : {}),
  };
}

/** `gateway.timeouts` durations in milliseconds, only the ones set. */
function gatewayTimeouts(t: Partial<Record<'connect' | 'response' | 'idle' | 'total', string>>) {
  const out: GatewayTimeoutsSpec = {};
  for (const key of ['connect', 'response', 'idle', 'total'] as const) {
    const v = t[key];
    if (v !== undefined) out[`${key}Ms`] = parseDuration(v);
  }
  return out;
}

/** Builds the model from a schema-valid input. */
export function normalize(input: SpecInput): SloSpec {
  return {
    apiVersion: input.apiVersion,
    metrics: input.metrics,
    alerting: {
      ...input.alerting,
      burnRateWindows: input.alerting.burnRateWindows.map((w) => ({
        severity: w.severity,
        long: canonicalDuration(w.long),
        longMs: parseDuration(w.long),
        short: canonicalDuration(w.short),
        shortMs: parseDuration(w.short),
        budgetSpent: w.budgetSpent / 100,
      })),
    },
    environments: Object.entries(input.environments).map(([n, e]) => environment(n, e)),
  };
}
