/**
 * The absence alert of an environment (issue 10, section 3; Pyrra's
 * SLOMetricAbsent): when the gateway, its scrape target or the vLLM
 * metrics disappear, every SLO rule of the environment goes quiet, so the
 * silence itself must page.
 */
import { requestsAbsent } from '../promql/index.ts';
import { type Environment, SEVERITIES, type Severity, type SloSpec } from '../spec/index.ts';
import { annotations } from './annotations.ts';
import type { AlertingRule, RuleGroup } from './types.ts';

/** The alert's name: Pyrra's SLOMetricAbsent with the contract's Vllm prefix. */
export const ABSENT_ALERT = 'VllmSLOMetricAbsent';

/**
 * The most severe objective's severity (critical > high > medium > low):
 * no data hides every objective at once, so the absence is routed as the
 * worst breach it could hide would be.
 */
export function absentSeverity(env: Environment): Severity {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return env.objectives.reduce<Severity>(
    (worst, o) => (rank(o.severity) < rank(worst) ? o.severity : worst),
    'low',
  );
}

/** VllmSLOMetricAbsent of one environment. */
export function absenceRule(spec: SloSpec, env: Environment): AlertingRule {
  const m = spec.metrics;
  const forText = spec.alerting.absentFor;
  return {
    alert: ABSENT_ALERT,
    expr: requestsAbsent(m, env.name),
    for: forText,
    labels: { severity: absentSeverity(env), environment: env.name },
    annotations: annotations(spec.alerting.runbookBaseUrl, ABSENT_ALERT, {
      summary: `${env.name}: no SLI data (${m.requests}) for ${forText}`,
      description:
        `No ${m.requests} series with ${m.labels.environment}="${env.name}" for ${forText}: ` +
        'every SLO and burn-rate alert of the environment is blind. Check that the gateway runs, ' +
        'that Prometheus scrapes it (up == 0 on its target) and, without the gateway, the vLLM adapter rules.',
    }),
  };
}

/** The absence group of one environment: one rule. */
export function absenceGroup(spec: SloSpec, env: Environment): RuleGroup {
  return { name: `vllm-slo-${env.name}-absent`, rules: [absenceRule(spec, env)] };
}
