/**
 * Inhibition: which firing alerts mute which others (DESIGN.md: a critical
 * alert inhibits the lower ones of the same name and environment, and
 * VllmAllPodsDown inhibits the rest of its environment).
 */
import { type InhibitRule, matcher } from './alertmanager-types.ts';
import { SEVERITY_LABEL } from './route-tree.ts';

/** The alert that fires when no pod of an environment is up (DESIGN.md, "Alert contract"). */
export const ALL_PODS_DOWN_ALERT = 'VllmAllPodsDown';

/**
 * Labels the severity chain compares: the same alert in the same environment
 * (DESIGN.md), and also the same objective and model. Every burn-rate alert is
 * named VllmErrorBudgetBurn, so without `slo` a critical burn of availability
 * would mute the ticket of a latency objective; likewise a critical latency
 * alert of one model would mute another model's. Alertmanager treats a label
 * absent on both sides as equal, so alerts without slo or model are unaffected.
 */
export const SAME_ALERT_LABELS: readonly string[] = ['alertname', 'environment', 'slo', 'model'];

/** The label the all-pods-down rule compares. */
export const ENVIRONMENT_LABEL = 'environment';

/**
 * A chain, not just "critical mutes the rest": when the critical tier of an
 * alert clears but the high tier still fires, the high one must mute the
 * medium one, or the person who just acknowledged the Slack message gets an
 * email about the same condition. kube-prometheus's default Alertmanager
 * configuration does the same with critical > warning > info. `equal` keeps
 * each environment, and each alert name, independent of the others.
 */
export function severityInhibitRules(): InhibitRule[] {
  return [
    {
      source_matchers: [matcher(SEVERITY_LABEL, '=', 'critical')],
      target_matchers: [matcher(SEVERITY_LABEL, '=~', 'high|medium|low')],
      equal: [...SAME_ALERT_LABELS],
    },
    {
      source_matchers: [matcher(SEVERITY_LABEL, '=', 'high')],
      target_matchers: [matcher(SEVERITY_LABEL, '=~', 'medium|low')],
      equal: [...SAME_ALERT_LABELS],
    },
  ];
}

/**
 * With no pod up, every latency, error-rate and throughput alert of that
 * environment is a symptom of the same outage; the page for VllmAllPodsDown
 * says all there is to say. The target excludes VllmAllPodsDown itself so
 * the rule cannot read as muting its own source.
 */
export function allPodsDownInhibitRule(): InhibitRule {
  return {
    source_matchers: [matcher('alertname', '=', ALL_PODS_DOWN_ALERT)],
    target_matchers: [matcher('alertname', '!=', ALL_PODS_DOWN_ALERT)],
    equal: [ENVIRONMENT_LABEL],
  };
}

/** Every inhibition rule of the generated configuration. */
export function inhibitRules(): InhibitRule[] {
  return [...severityInhibitRules(), allPodsDownInhibitRule()];
}
