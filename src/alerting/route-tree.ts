/**
 * The routing tree: one child route per severity, each sending to the
 * receiver the spec names in `alerting.alertmanager.routes` (DESIGN.md:
 * critical pages, high goes to Slack, medium to email).
 */
import { SEVERITIES, type Severity, type SloSpec } from '../spec/index.ts';
import { matcher, type Route } from './alertmanager-types.ts';

/** The label every vllm-slo alert carries its severity in (DESIGN.md, "Alert contract"). */
export const SEVERITY_LABEL = 'severity';

/**
 * The receiver for alerts no child route matches: those without a severity
 * label, or with one outside the four, which therefore did not come from
 * vllm-slo's rules. Alertmanager needs a root receiver anyway, and sending
 * them to the `low` receiver (email by default) means nothing is dropped
 * while nothing unknown wakes anybody: a person still reads it, during the
 * day. Paging for an alert of unknown importance would train on-call to
 * ignore pages.
 */
export function defaultReceiver(spec: SloSpec): string {
  return spec.alerting.alertmanager.routes.low;
}

/** The child route of one severity; it inherits grouping and timing from the root. */
export function severityRoute(severity: Severity, receiver: string): Route {
  return { matchers: [matcher(SEVERITY_LABEL, '=', severity)], receiver };
}

/**
 * The root route. Grouping by alert name and environment (the spec's
 * default) turns a production outage into one notification per alert kind,
 * not one per pod or model. Child routes do not set `continue`, so each
 * alert is delivered once, to the receiver of its severity.
 */
export function routeTree(spec: SloSpec): Route {
  const am = spec.alerting.alertmanager;
  return {
    receiver: defaultReceiver(spec),
    group_by: [...am.groupBy],
    group_wait: am.groupWait,
    group_interval: am.groupInterval,
    repeat_interval: am.repeatInterval,
    routes: SEVERITIES.map((s) => severityRoute(s, am.routes[s])),
  };
}
