/**
 * Alertmanager configuration (routing by severity, inhibition, receivers with secrets in files),
 * and embedded mode's alerting: which of the generated rules' alerts hold by a source's numbers,
 * their pending/firing/resolved states and their delivery.
 */

export { type AlertConditions, alertConditions, type UnsupportedAlert } from './alert-conditions.ts';
export {
  AlertDeliveryError,
  AlertLoop,
  type AlertLoopOptions,
  type AlertLoopSnapshot,
  type ResolvedAlert,
} from './alert-loop.ts';
export {
  humanizeDuration,
  humanizePercentage,
  renderAnnotations,
  renderTemplate,
} from './alert-templates.ts';
export { alertmanagerConfig, renderAlertmanagerConfig } from './alertmanager-config.ts';
export type {
  AlertmanagerConfig,
  EmailConfig,
  InhibitRule,
  Matcher,
  MatchOperator,
  PagerdutyConfig,
  Receiver,
  Route,
  SlackConfig,
  WebhookConfig,
} from './alertmanager-types.ts';
export { matcher } from './alertmanager-types.ts';
export {
  type AlertmanagerRequirement,
  alertmanagerRequirements,
  minimumAlertmanagerVersion,
} from './compatibility.ts';
export { ALL_PODS_DOWN_ALERT, inhibitRules } from './inhibit-rules.ts';
export { PAGERDUTY_SEVERITY, type PagerdutySeverity } from './notification-templates.ts';
export { AlertNotifier, type NotifierOptions, type NotifierStats, type WireAlert } from './notifier.ts';
export { receiver, receivers } from './receivers.ts';
export { defaultReceiver, routeTree, SEVERITY_LABEL } from './route-tree.ts';
