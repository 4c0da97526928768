/**
 * The colour an objective gets, as Pyrra shows it: green when fine, amber
 * when it needs a look (budget running low, a ticket-level burn), red when
 * breached (SLI below target, budget gone, a page-level burn). Pure, so the
 * tests hold the pages to the same rule.
 */
import type { ObjectiveStatus } from '../../server/api-types.ts';

export type ObjectiveState = 'ok' | 'warning' | 'breached' | 'undetermined' | 'nodata';

/** Below this share of the period's budget an objective turns amber. */
export const LOW_BUDGET = 0.25;

/**
 * Whether a firing alert pages: burn pairs say so in alert_type (as their
 * generated rules do); other alerts page when critical, which Alertmanager
 * routes to pagers.
 */
export function isPageAlert(a: { severity: string; labels: Record<string, string> }): boolean {
  const kind = a.labels.alert_type;
  if (kind !== undefined) return kind === 'page';
  return a.severity === 'critical';
}

/** The objective's state now. */
export function objectiveState(o: ObjectiveStatus): ObjectiveState {
  const budget = o.error_budget?.remaining_ratio;
  if (o.met === false || (budget !== undefined && budget <= 0) || o.firing_alerts.some(isPageAlert))
    return 'breached';
  if (o.firing_alerts.length > 0 || (budget !== undefined && budget < LOW_BUDGET)) return 'warning';
  if (o.value === null) return 'nodata';
  // A value but no verdict: a throughput floor under less demand than the floor (see the engine).
  if (o.met === null) return 'undetermined';
  return 'ok';
}

/** Worst first, for sorting by state. */
export const STATE_ORDER: Record<ObjectiveState, number> = {
  breached: 0,
  warning: 1,
  ok: 2,
  undetermined: 3,
  nodata: 4,
};

/** Words for the state badge. */
export const STATE_LABEL: Record<ObjectiveState, string> = {
  ok: 'OK',
  warning: 'Warning',
  breached: 'Breached',
  undetermined: 'Undetermined',
  nodata: 'No data',
};
