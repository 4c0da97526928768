/** Prometheus recording and alert rules from the SLO spec; PrometheusRule output. */
export { ABSENT_ALERT, absenceRule, absentSeverity } from './absence-rules.ts';
export { annotations, runbookSlug, runbookUrl } from './annotations.ts';
export { burnRateGroup } from './burn-rate-rules.ts';
export {
  DEFAULT_KUBERNETES_OPTIONS,
  type KubernetesOptions,
  prometheusRuleName,
  renderPrometheusRule,
  renderRuleFile,
} from './render.ts';
export { ruleFiles, VLLM_ADAPTER_FILE } from './rule-files.ts';
export { environmentWindows } from './sli-rules.ts';
export { burnRateHighShort, thresholdRule } from './threshold-rules.ts';
export type { AlertingRule, RecordingRule, Rule, RuleFile, RuleGroup } from './types.ts';
export { isAlertingRule } from './types.ts';
