/**
 * Inhibition: which firing alerts mute which others (DESIGN.md: a critical
 * alert inhibits the lower ones of the same name and environment, and
 * VllmAllPodsDown inhibits the rest of its environment), and one page per
 * outage on the request success SLI.
 */
import { BURN_ALERT_NAME, isRatioObjective, kindFacts, SEVERITIES, type SloSpec } from '../spec/index.ts';
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

/** Threshold alerts on the request success SLI: availability-low and error-rate-high. */
export const AVAILABILITY_LOW_ALERT = 'VllmAvailabilityLow';
export const ERROR_RATE_HIGH_ALERT = 'VllmErrorRateHigh';

/** Objectives whose bad events are failed requests (SLI `failures`: availability, success rate, error rate) with burn alerts. */
function requestSloNames(spec: SloSpec): string[] {
  const names = spec.environments.flatMap((e) =>
    e.objectives
      .filter(isRatioObjective)
      .filter((o) => o.burnRateAlerts && kindFacts(o.kind).sli === 'failures'),
  );
  return [...new Set(names.map((o) => o.name))].sort();
}

/**
 * One outage, one page per environment. A total outage fires the
 * availability burn pair, VllmAvailabilityLow (< 99 %) and VllmErrorRateHigh
 * (> 5 %): three alert names, three groups, three PagerDuty incidents for one
 * cause. The burn alert of a request SLO mutes both threshold alerts of its
 * environment, and VllmAvailabilityLow mutes VllmErrorRateHigh (an error
 * ratio above 5 % is a success ratio below 95 %), each only at the same or a
 * lower severity, so a ticket never silences a page.
 */
export function sameOutageInhibitRules(spec: SloSpec): InhibitRule[] {
  const slos = requestSloNames(spec);
  return SEVERITIES.flatMap((severity, i) => {
    const atOrBelow = matcher(SEVERITY_LABEL, '=~', SEVERITIES.slice(i).join('|'));
    const source = matcher(SEVERITY_LABEL, '=', severity);
    const burn: InhibitRule[] =
      slos.length === 0
        ? []
        : [
            {
              source_matchers: [
                matcher('alertname', '=', BURN_ALERT_NAME),
                matcher('slo', '=~', slos.join('|')),
                source,
              ],
              target_matchers: [
                matcher('alertname', '=~', `${AVAILABILITY_LOW_ALERT}|${ERROR_RATE_HIGH_ALERT}`),
                atOrBelow,
              ],
              equal: [ENVIRONMENT_LABEL],
            },
          ];
    return [
      ...burn,
      {
        source_matchers: [matcher('alertname', '=', AVAILABILITY_LOW_ALERT), source],
        target_matchers: [matcher('alertname', '=', ERROR_RATE_HIGH_ALERT), atOrBelow],
        equal: [ENVIRONMENT_LABEL],
      },
    ];
  });
}

/** Every inhibition rule of the generated configuration. */
export function inhibitRules(spec: SloSpec): InhibitRule[] {
  return [...severityInhibitRules(), allPodsDownInhibitRule(), ...sameOutageInhibitRules(spec)];
}
