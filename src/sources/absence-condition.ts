/**
 * VllmSLOMetricAbsent evaluated from any source, for embedded mode's alert
 * loop and `vllm-slo alerts` (the rule itself: src/rules/absence-rules.ts).
 *
 * The store keeps no series that could vanish: an idle minute and a lost
 * gateway both leave no request rows. What tells them apart is pod health:
 * the gateway's probes and the collector's scrapes record every pod every
 * few seconds, up or down (a failed scrape records the pod down). So the
 * environment's data is absent when, over the last `alerting.absentFor`,
 * no request was stored and no pod was seen up. An environment that never
 * had data holds it too, as `absent()` does in Prometheus: a gateway that
 * was never deployed is as blind as one that died. A near-idle environment
 * whose pods answer their probes has data.
 */
import { type AlertCondition, alertKey } from '../engine/index.ts';
import { absenceRule } from '../rules/index.ts';
import type { Environment, SloSpec } from '../spec/index.ts';
import { renderAnnotations } from './alert-templates.ts';
import type { SloSource } from './source.ts';

/** Whether the environment had requests, or a pod up, within the window ending at `at`. */
export async function hasData(
  source: SloSource,
  env: Environment,
  window: string,
  at: number,
): Promise<boolean> {
  const [byPod, up] = await Promise.all([
    source.throughputByPod(env, window, at),
    source.timeAvailability(env, window, at),
  ]);
  return [...byPod.values()].some((r) => r > 0) || (up ?? 0) > 0;
}

/** The absence condition of an environment, when it holds at `at`. */
export async function absenceConditions(
  spec: SloSpec,
  source: SloSource,
  env: Environment,
  at: number,
): Promise<AlertCondition[]> {
  if (await hasData(source, env, spec.alerting.absentFor, at)) return [];
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
