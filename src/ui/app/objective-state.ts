/**
 * How the UI shows an objective's state. The state itself is decided once,
 * by the engine (objectiveState), and read from the API's status document
 * (`state`): the UI never recomputes it, so it cannot disagree with
 * `vllm-slo status` (issue 10: status said OK while the UI said Breached).
 */
import type { ObjectiveState } from '../../api/index.ts';

export type { ObjectiveState };

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

/** Worst first, for sorting by state. */
export const STATE_ORDER: Record<ObjectiveState, number> = {
  breached: 0,
  warning: 1,
  ok: 2,
  undetermined: 3,
  'no-data': 4,
};

/** Words for the state badge. */
export const STATE_LABEL: Record<ObjectiveState, string> = {
  ok: 'OK',
  warning: 'Warning',
  breached: 'Breached',
  undetermined: 'Undetermined',
  'no-data': 'No data',
};
