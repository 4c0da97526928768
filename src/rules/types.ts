/** Prometheus rule files as objects (prometheus.io/docs/prometheus/latest/configuration/recording_rules). */

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
  /** Written as a YAML comment above the rule (not a Prometheus field). */
  comment?: string;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  /** Evaluation interval; Prometheus's global one when absent. */
  interval?: string;
  rules: Rule[];
}

/** One generated rules file: what it holds, and its groups. */
export interface RuleFile {
  /** File name without directory, e.g. vllm-slo-recording.rules.yaml. */
  file: string;
  /** One line on what the file is for, written as its header comment. */
  description: string;
  /** What a user must know before loading it, written in its header and printed by `generate`. */
  notes?: string[];
  groups: RuleGroup[];
}

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}
