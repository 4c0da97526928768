/**
 * The alert conditions that hold at a moment, from any source: the same
 * conditions as the generated Prometheus rules (src/rules), so embedded mode
 * raises the alerts Prometheus would. Names, labels, `for` and annotation
 * texts come from the generated rules themselves; only the comparison is
 * evaluated here, with the numbers the source gives. Each alert carries the
 * rule's labels plus the labels its expression's result keeps (environment,
 * model for per-model latency, slo for budget alerts), as in Prometheus.
 */
import {
  type AlertCondition,
  alertKey,
  badRatio,
  type EnvironmentStatus,
  type StatusDocument,
  type WindowCounts,
} from '../engine/index.ts';
import {
  type AlertingRule,
  burnRateGroup,
  burnRateHighShort,
  isAlertingRule,
  thresholdRule,
} from '../rules/index.ts';
import { environmentStatus, type SloSource } from '../sources/index.ts';
import {
  type Environment,
  isRatioObjective,
  parseDuration,
  type RatioObjective,
  type SloSpec,
  type ThresholdAlert,
  thresholdMinRequests,
  thresholdSeconds,
} from '../spec/index.ts';
import { absenceConditions } from './absence-condition.ts';
import { renderAnnotations } from './alert-templates.ts';

/** A spec alert the source's data cannot answer, and why. */
export interface UnsupportedAlert {
  alertname: string;
  environment: string;
  severity: string;
  reason: string;
}

export interface AlertConditions {
  /** Conditions holding now, in spec order: burn-rate pairs, threshold alerts, then the absence alert. */
  conditions: AlertCondition[];
  unsupported: UnsupportedAlert[];
}

/** One result of an alert expression: its value and the labels it keeps. */
interface Holding {
  value: number;
  labels: Record<string, string>;
}

const UNSUPPORTED: Partial<Record<ThresholdAlert['type'], string>> = {
  'throughput-low':
    "needs vLLM's queue gauge (vllm:num_requests_waiting), which the embedded store does not keep; " +
    'Prometheus evaluates the generated rule',
  'gpu-utilization-high':
    'needs GPU utilisation from the DCGM exporter, which the embedded store does not keep; ' +
    'Prometheus evaluates the generated rule',
};

/**
 * Requests and bad events (the environment's failure types) of the
 * environment: counts() of any non-latency kind are those, whatever the
 * target (the availability and error-rate alerts compare that ratio, as
 * their rules do).
 */
function requestsObjective(env: Environment, window: string): RatioObjective {
  return {
    name: 'requests',
    environment: env.name,
    description: undefined,
    severity: 'low',
    window,
    windowMs: parseDuration(window),
    kind: 'availability',
    target: 0.99,
    budget: 0.01,
    period: env.period,
    periodMs: env.periodMs,
    budgetingMethod: 'occurrences',
    timeslice: env.timeslice,
    timesliceMs: env.timesliceMs,
    timesliceTarget: 0.99,
    burnRateAlerts: false,
    failureTypes: env.failureTypes,
    quantile: undefined,
    thresholdSeconds: undefined,
  };
}

function objectiveOf(env: Environment, name: string): RatioObjective {
  const o = env.objectives.filter(isRatioObjective).find((x) => x.name === name);
  // The spec's reference check guarantees this; a miss here is a bug, not bad input.
  if (!o) throw new Error(`objective ${name} of ${env.name} has no budget`);
  return o;
}

/** The bad share of an objective over a window, as its recorded SLI counts it. */
async function objectiveRatio(
  source: SloSource,
  env: Environment,
  o: RatioObjective,
  window: string,
  at: number,
): Promise<number | undefined> {
  const c: WindowCounts | undefined =
    o.budgetingMethod === 'timeslices'
      ? await source.slices(env, o, window, at)
      : await source.counts(env, o, window, at);
  return badRatio(c);
}

/** What the rule's expression returns at `at` (no traffic: nothing, as NaN compares false). */
async function evaluateAlert(
  spec: SloSpec,
  source: SloSource,
  env: Environment,
  a: ThresholdAlert,
  at: number,
): Promise<Holding[]> {
  const envLabels = { [spec.metrics.labels.environment]: env.name };
  const one = (value: number | undefined, holds: (v: number) => boolean, extra = {}): Holding[] =>
    value !== undefined && holds(value) ? [{ value, labels: { ...envLabels, ...extra } }] : [];
  // The rules' traffic guard: the environment's requests over the window, minRequests scaled to it.
  const requests = async (window: string): Promise<WindowCounts | undefined> => {
    const c = await source.counts(env, requestsObjective(env, window), window, at);
    const min = thresholdMinRequests(spec.alerting.minRequests, parseDuration(window));
    return c !== undefined && c.total >= min ? c : undefined;
  };
  switch (a.type) {
    case 'availability-low': {
      const r = badRatio(await requests(a.window));
      return one(r === undefined ? undefined : (1 - r) * 100, (v) => v < a.below);
    }
    case 'error-rate-high': {
      const r = badRatio(await requests(a.window));
      return one(r === undefined ? undefined : r * 100, (v) => v > a.above);
    }
    case 'latency-high':
    case 'ttft-high': {
      if ((await requests(a.window)) === undefined) return [];
      const which = a.type === 'latency-high' ? 'duration' : 'ttft';
      const limit = thresholdSeconds(a.above);
      const byModel = await source.quantileByModel(env, which, a.quantile, a.window, at);
      return [...byModel]
        .filter(([, v]) => v > limit)
        .map(([model, value]) => ({ value, labels: { ...envLabels, [spec.metrics.labels.model]: model } }));
    }
    case 'all-pods-down':
      // The rule's value is 1 (max(up) == bool 0); no pod reporting is no alert there either.
      return (await source.podsUp(env, at)) === 0 ? [{ value: 1, labels: envLabels }] : [];
    case 'error-budget-low': {
      const o = objectiveOf(env, a.objective);
      const r = await objectiveRatio(source, env, o, o.period, at);
      const left = r === undefined ? undefined : (1 - r / o.budget) * 100;
      return one(left, (v) => v < a.remainingBelow, { slo: o.name });
    }
    case 'burn-rate-high': {
      const o = objectiveOf(env, a.objective);
      if ((await requests(a.window)) === undefined) return [];
      const short = await objectiveRatio(source, env, o, burnRateHighShort(spec, a.window), at);
      if (short === undefined || !(short / o.budget > a.above)) return [];
      const r = await objectiveRatio(source, env, o, a.window, at);
      return one(r === undefined ? undefined : r / o.budget, (v) => v > a.above, { slo: o.name });
    }
    case 'latency-regression': {
      const q = await source.quantile(env, 'duration', a.quantile, a.window, at);
      const ratio = q === undefined ? undefined : q / thresholdSeconds(a.baseline);
      return one(ratio, (v) => v > a.ratioAbove);
    }
    case 'throughput-low':
    case 'gpu-utilization-high':
      return [];
  }
}

/** An alert condition from a generated rule and one result of its expression. */
function fromRule(rule: AlertingRule, h: Holding): AlertCondition {
  // As in Prometheus, the rule's labels win over the result's.
  const labels = { ...h.labels, ...rule.labels };
  return {
    key: alertKey(rule.alert, labels),
    alertname: rule.alert,
    labels,
    annotations: renderAnnotations(rule.annotations, labels, h.value),
    forMs: rule.for === undefined ? 0 : parseDuration(rule.for),
  };
}

/** The firing burn-rate pairs of the status document, as their generated rules raise them. */
async function burnConditions(
  spec: SloSpec,
  source: SloSource,
  env: Environment,
  status: EnvironmentStatus,
  at: number,
): Promise<AlertCondition[]> {
  const rules = burnRateGroup(spec, env).rules.filter(isAlertingRule);
  const out: AlertCondition[] = [];
  for (const s of status.objectives) {
    const o = env.objectives.filter(isRatioObjective).find((x) => x.name === s.name);
    if (!o) continue;
    for (const f of s.firing_alerts) {
      const rule = rules.find(
        (r) =>
          r.labels.slo === o.name &&
          r.labels.long_window === f.labels.long_window &&
          r.labels.short_window === f.labels.short_window,
      );
      if (!rule || !f.labels.long_window) continue;
      // The rule's value is the long window's bad ratio.
      const burn = s.burn_rates[f.labels.long_window];
      const ratio =
        burn !== undefined && burn !== null
          ? burn * o.budget
          : await objectiveRatio(source, env, o, f.labels.long_window, at);
      const labels = { [spec.metrics.labels.environment]: env.name, slo: o.name };
      out.push(fromRule(rule, { value: ratio ?? 0, labels }));
    }
  }
  return out;
}

async function environmentConditions(
  spec: SloSpec,
  source: SloSource,
  env: Environment,
  at: number,
  status: EnvironmentStatus | undefined,
): Promise<AlertConditions> {
  const envStatus = status ?? (await environmentStatus(spec, source, env, at));
  const unsupported: UnsupportedAlert[] = [];
  const thresholds = await Promise.all(
    env.alerts.map(async (a) => {
      const reason = UNSUPPORTED[a.type];
      if (reason) {
        unsupported.push({ alertname: a.name, environment: env.name, severity: a.severity, reason });
        return [];
      }
      const rule = thresholdRule(spec, env, a);
      return (await evaluateAlert(spec, source, env, a, at)).map((h) => fromRule(rule, h));
    }),
  );
  const burns = await burnConditions(spec, source, env, envStatus, at);
  const absent = await absenceConditions(spec, source, env, at);
  return { conditions: [...burns, ...thresholds.flat(), ...absent], unsupported };
}

/**
 * The alert conditions holding at `at` in every environment (or only the
 * named one): the multi-window burn-rate pairs of the status document
 * (evaluated here when not given) and every threshold alert of the spec,
 * each with the generated rule's name, labels, `for` and annotations (values
 * filled in). Alerts the source's data cannot answer are listed as
 * unsupported. Throws what the source throws (SourceError, StoreError).
 */
export async function alertConditions(
  spec: SloSpec,
  source: SloSource,
  at: number,
  status?: StatusDocument,
  only?: string,
): Promise<AlertConditions> {
  const envs = spec.environments.filter((e) => only === undefined || e.name === only);
  const results = await Promise.all(
    envs.map((e) =>
      environmentConditions(
        spec,
        source,
        e,
        at,
        status?.environments.find((s) => s.environment === e.name),
      ),
    ),
  );
  return {
    conditions: results.flatMap((r) => r.conditions),
    unsupported: results.flatMap((r) => r.unsupported),
  };
}
