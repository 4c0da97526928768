/**
 * VllmErrorBudgetBurn: multi-window, multi-burn-rate alerts (Google SRE
 * Workbook, ch. 5, "Alerting on SLOs", approach 6). Each pair fires only while
 * both its long and short windows burn faster than the factor, so it stops
 * soon after the burn stops; a traffic guard keeps a near-idle environment
 * from paging on one error.
 */
import { burnSeverity } from '../engine/index.ts';
import { burnRatePair, displayNumber } from '../promql/index.ts';
import {
  assertNever,
  BURN_ALERT_NAME,
  type Environment,
  isRatioObjective,
  kindFacts,
  objectiveBurnWindows,
  type RatioObjective,
  type SloSpec,
} from '../spec/index.ts';
import { annotations, percent } from './annotations.ts';
import type { AlertingRule, RuleGroup } from './types.ts';

function describeObjective(o: RatioObjective): string {
  const sli = kindFacts(o.kind).sli;
  switch (sli) {
    case 'duration':
      return `${percent(o.target)} of requests within ${o.thresholdSeconds}s`;
    case 'ttft':
      return `${percent(o.target)} of first tokens within ${o.thresholdSeconds}s`;
    case 'failures':
      return `${percent(o.target)} of requests succeed`;
    default:
      return assertNever(sli, 'SLI kind');
  }
}

function burnAlerts(spec: SloSpec, o: RatioObjective): AlertingRule[] {
  return objectiveBurnWindows(spec, o).map((w) => {
    const factor = w.factor;
    const shown = displayNumber(factor);
    const spent = percent(w.budgetSpent);
    return {
      alert: BURN_ALERT_NAME,
      expr: burnRatePair(
        spec.metrics,
        o.environment,
        o.name,
        { long: w.long, longSeconds: w.longMs / 1000, short: w.short },
        factor,
        o.budget,
        spec.alerting.minRequests,
      ),
      labels: {
        severity: burnSeverity(w, o),
        environment: o.environment,
        slo: o.name,
        long_window: w.long,
        short_window: w.short,
        burn_rate: shown,
        alert_type: w.severity,
      },
      annotations: annotations(spec.alerting.runbookBaseUrl, BURN_ALERT_NAME, {
        summary: `{{ $labels.environment }}: ${o.name} SLO is burning its error budget ${shown}x too fast`,
        description:
          `The ${o.name} objective (${describeObjective(o)} over ${o.period}) burned its error budget faster than ` +
          `${shown}x over both the last ${w.long} and ${w.short}: at this rate ${spent} of the ` +
          `${o.period} budget goes in ${w.long}. Bad-event ratio over ${w.long}: {{ $value | humanizePercentage }} ` +
          `(budget ${percent(o.budget)}).`,
      }),
    };
  });
}

/** The burn-rate group of one environment (objectives with burnRateAlerts). */
export function burnRateGroup(spec: SloSpec, env: Environment): RuleGroup {
  const objectives = env.objectives.filter(isRatioObjective).filter((o) => o.burnRateAlerts);
  return { name: `vllm-slo-${env.name}-burn-rate`, rules: objectives.flatMap((o) => burnAlerts(spec, o)) };
}
