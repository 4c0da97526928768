/**
 * The guide's threshold alerts (DESIGN.md's alert table) of one environment,
 * from the spec's `alerts` list. GPU utilisation lives with the capacity rules.
 */
import {
  allPodsDown,
  availabilityBelow,
  budgetRemainingBelow,
  burnRateAbove,
  errorRatioAbove,
  formatNumber,
  gpuUtilizationAbove,
  levelLabels,
  type QueryContext,
  quantileAbove,
  regressionAbove,
  throughputLowWhileQueued,
  withTrafficGuard,
} from '../promql/index.ts';
import {
  confirmationWindow,
  type Environment,
  isRatioObjective,
  parseDuration,
  percentileTag,
  type RatioObjective,
  type SloSpec,
  type ThresholdAlert,
  thresholdMinRequests,
  thresholdSeconds,
} from '../spec/index.ts';
import { type AnnotationText, annotations, seconds } from './annotations.ts';
import type { AlertingRule, RuleGroup } from './types.ts';

interface Condition extends AnnotationText {
  expr: string;
}

function objectiveOf(env: Environment, name: string): RatioObjective {
  const o = env.objectives.filter(isRatioObjective).find((x) => x.name === name);
  // The spec's reference check guarantees this; a miss here is a bug, not bad input.
  if (!o) throw new Error(`objective ${name} of ${env.name} has no budget`);
  return o;
}

/** The short window confirming burn-rate-high (1h -> 5m). */
export function burnRateHighShort(spec: SloSpec, window: string): string {
  return confirmationWindow(parseDuration(window), parseDuration(spec.metrics.scrapeInterval));
}

function condition(spec: SloSpec, env: Environment, a: ThresholdAlert): Condition {
  const m = spec.metrics;
  const envCtx: QueryContext = {
    metrics: m,
    environment: env.name,
    by: levelLabels('environment', m.labels),
    failureTypes: env.failureTypes,
  };
  const modelCtx: QueryContext = { ...envCtx, by: levelLabels('environment_model', m.labels) };
  const guarded = (expr: string, window: string): string =>
    withTrafficGuard(
      envCtx,
      expr,
      window,
      thresholdMinRequests(spec.alerting.minRequests, parseDuration(window)),
    );
  const where = `{{ $labels.environment }}`;
  switch (a.type) {
    case 'availability-low':
      return {
        expr: guarded(availabilityBelow(envCtx, a.window, a.below), a.window),
        summary: `${where}: request success ratio below ${formatNumber(a.below)}%`,
        description: `Only {{ $value | printf "%.3f" }}% of requests succeeded over ${a.window} (threshold ${formatNumber(a.below)}%) for ${a.for}.`,
      };
    case 'error-rate-high':
      return {
        expr: guarded(errorRatioAbove(envCtx, a.window, a.above), a.window),
        summary: `${where}: error rate above ${formatNumber(a.above)}%`,
        description: `{{ $value | printf "%.3f" }}% of requests failed over ${a.window} (threshold ${formatNumber(a.above)}%) for ${a.for}.`,
      };
    case 'latency-high': {
      const s = thresholdSeconds(a.above);
      return {
        expr: guarded(quantileAbove(modelCtx, m.requestDuration, a.quantile, a.window, s), a.window),
        summary: `${where}: ${percentileTag(a.quantile)} latency of {{ $labels.model }} above ${seconds(s)}`,
        description: `${percentileTag(a.quantile)} request latency over ${a.window} is {{ $value | humanizeDuration }} (threshold ${seconds(s)}) for ${a.for}.`,
      };
    }
    case 'ttft-high': {
      const s = thresholdSeconds(a.above);
      return {
        expr: guarded(quantileAbove(modelCtx, m.timeToFirstToken, a.quantile, a.window, s), a.window),
        summary: `${where}: ${percentileTag(a.quantile)} time to first token of {{ $labels.model }} above ${seconds(s)}`,
        description: `${percentileTag(a.quantile)} TTFT over ${a.window} is {{ $value | humanizeDuration }} (threshold ${seconds(s)}) for ${a.for}.`,
      };
    }
    case 'all-pods-down':
      return {
        expr: `${allPodsDown(envCtx)} == 1`,
        summary: `${where}: no vLLM pod is up`,
        description: `Every pod's last health probe failed for ${a.for}; the environment serves no requests.`,
      };
    case 'error-budget-low': {
      const o = objectiveOf(env, a.objective);
      return {
        expr: budgetRemainingBelow(m, env.name, o.name, o.period, o.budget, a.remainingBelow),
        summary: `${where}: less than ${formatNumber(a.remainingBelow)}% of the ${o.name} error budget left`,
        description: `{{ $value | printf "%.1f" }}% of the ${o.period} error budget of ${o.name} remains.`,
      };
    }
    case 'burn-rate-high': {
      const o = objectiveOf(env, a.objective);
      return {
        expr: burnRateAbove(
          envCtx,
          o.name,
          { window: a.window, short: burnRateHighShort(spec, a.window) },
          o.budget,
          a.above,
          thresholdMinRequests(spec.alerting.minRequests, parseDuration(a.window)),
        ),
        summary: `${where}: ${o.name} burn rate above ${formatNumber(a.above)}x over ${a.window}`,
        description: `The ${o.name} error budget burned at {{ $value | printf "%.2f" }}x over the last ${a.window} (and still above ${formatNumber(a.above)}x over the last ${burnRateHighShort(spec, a.window)}).`,
      };
    }
    case 'throughput-low':
      return {
        expr: throughputLowWhileQueued(envCtx, env.podRegex, a.window, a.perPodBelow),
        summary: `${where}: pod {{ $labels.pod }} saturated below ${formatNumber(a.perPodBelow)} req/s`,
        description: `Pod {{ $labels.pod }} serves {{ $value | printf "%.2f" }} req/s over ${a.window} while requests wait in vLLM's queue: it is saturated below the capacity target.`,
      };
    case 'gpu-utilization-high':
      return {
        expr: gpuUtilizationAbove(m, env.podRegex, a.above),
        summary: `${where}: GPU utilisation of {{ $labels.pod }} above ${formatNumber(a.above)}%`,
        description: `GPU utilisation is {{ $value | printf "%.0f" }}% for ${a.for}: scale up (guide, "Recommended scaling threshold").`,
      };
    case 'latency-regression': {
      const s = thresholdSeconds(a.baseline);
      return {
        expr: regressionAbove(envCtx, m.requestDuration, a.quantile, a.window, s, a.ratioAbove),
        summary: `${where}: ${percentileTag(a.quantile)} latency regressed against its baseline`,
        description: `${percentileTag(a.quantile)} latency is {{ $value | printf "%.2f" }}x the baseline of ${seconds(s)} (threshold ${formatNumber(a.ratioAbove)}x) for ${a.for}.`,
      };
    }
  }
}

/** One alerting rule from a spec alert. */
export function thresholdRule(spec: SloSpec, env: Environment, a: ThresholdAlert): AlertingRule {
  const c = condition(spec, env, a);
  const description = a.description ? `${c.description} ${a.description}` : c.description;
  return {
    alert: a.name,
    expr: c.expr,
    ...(a.forMs > 0 ? { for: a.for } : {}),
    // The environment label is set here too: some conditions (GPU, pods) come from series without it.
    labels: { severity: a.severity, environment: env.name },
    annotations: annotations(spec.alerting.runbookBaseUrl, a.name, { summary: c.summary, description }),
  };
}

/** The threshold-alert group of one environment (without the GPU alert). */
export function thresholdGroup(spec: SloSpec, env: Environment): RuleGroup {
  const alerts = env.alerts.filter((a) => a.type !== 'gpu-utilization-high');
  return { name: `vllm-slo-${env.name}-alerts`, rules: alerts.map((a) => thresholdRule(spec, env, a)) };
}
