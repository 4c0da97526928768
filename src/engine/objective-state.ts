/**
 * The one decision of an objective's state, read by every surface: the
 * `status` table and its exit code, `alerts`, the API's status document and
 * the web UI (issue 10, section 6: status said OK while the UI said
 * Breached for the same 99.158 % against 99 %; two copies of this rule
 * disagreed). Pure: it reads only the numbers of the status itself.
 */
import type { ObjectiveState, ObjectiveStatus } from './status-types.ts';

/** The multi-window burn-rate alert's name (DESIGN.md's alert contract; the rules use the same). */
const BURN_ALERT = 'VllmErrorBudgetBurn';

/**
 * The state of an objective, in this order (the first that holds):
 *
 * 1. `breached`: the period's error budget is spent
 *    (`error_budget.remaining_ratio <= 0`, i.e. the SLI over the period is at
 *    or below target), or, with fresh data, the SLI is below target over the
 *    objective's window (`met === false`). A spent budget is a breach even
 *    when the last window had no traffic: the period's events are still in it.
 *    A spent budget is a breach even when the data is stale (below).
 * 2. `no-data`: the collected data is stale (`stale_since`: no scrape target
 *    of the environment answered for a few intervals, issue 17), so a value
 *    from before says nothing about now; or no events in the objective's
 *    window (`value === null`), so there is nothing to judge now; no traffic
 *    is not a breach, nor fine.
 * 3. `warning`: burning faster than the budget allows: a multi-window
 *    burn-rate pair fires (VllmErrorBudgetBurn, page or ticket). Every pair's
 *    factor is at least 1 (DESIGN.md, "SLO math"), so a firing pair means the
 *    long and the short window both spend budget faster than a pace that
 *    would last the period, with enough requests to count (minRequests).
 *    Budget left alone (a low but steady budget) is not a warning: the
 *    `error-budget-low` alert covers it.
 * 4. `undetermined`: a value but no verdict: a throughput floor under less
 *    demand than the floor (see throughputStatus).
 * 5. `ok`.
 */
export function objectiveState(s: Omit<ObjectiveStatus, 'state'>): ObjectiveState {
  const budget = s.error_budget?.remaining_ratio;
  if (budget !== undefined && budget <= 0) return 'breached';
  if (s.stale_since !== undefined) return 'no-data';
  if (s.met === false) return 'breached';
  if (s.value === null) return 'no-data';
  if (s.firing_alerts.some((a) => a.alertname === BURN_ALERT)) return 'warning';
  if (s.met === null) return 'undetermined';
  return 'ok';
}

/** The status with its state: what the engine's status functions return. */
export function withState(s: Omit<ObjectiveStatus, 'state'>): ObjectiveStatus {
  return { ...s, state: objectiveState(s) };
}
