/**
 * VllmSLOMetricAbsent evaluated from any source, for embedded mode's alert
 * loop and `vllm-slo alerts` (the rule itself: src/rules/absence-rules.ts).
 * Whether the data was absent for `alerting.absentFor` is the source's
 * question (SloSource.dataAbsent): Prometheus answers it with the rule's own
 * absent() expression, the embedded store from stored requests and pod
 * health.
 */
import { type AlertCondition, alertKey } from '../engine/index.ts';
import { absenceRule } from '../rules/index.ts';
import type { SloSource } from '../sources/index.ts';
import type { Environment, SloSpec } from '../spec/index.ts';
import { renderAnnotations } from './alert-templates.ts';

/** The absence condition of an environment, when it holds at `at`. */
export async function absenceConditions(
  spec: SloSpec,
  source: SloSource,
  env: Environment,
  at: number,
): Promise<AlertCondition[]> {
  if (!(await source.dataAbsent(env, spec.alerting.absentFor, at))) return [];
  const rule = absenceRule(spec, env);
  const labels = { [spec.metrics.labels.environment]: env.name, ...rule.labels };
  return [
    {
      key: alertKey(rule.alert, labels),
      alertname: rule.alert,
      labels,
      // The rule's value: absent() == 1.
      annotations: renderAnnotations(rule.annotations, labels, 1),
      // The window above already spans absentFor: the rule's `for` is served, not waited for again.
      forMs: 0,
    },
  ];
}
