/**
 * Severities of the burn-rate page and ticket pairs (DESIGN.md, "Alert
 * contract"): an SLO decision, so the generated rules (src/rules) and the
 * status the sources evaluate share it. The windows and factors themselves
 * come from the spec's objectiveBurnWindows (scaled to each objective's
 * period).
 */
import type { RatioObjective, Severity } from '../spec/index.ts';
import { SEVERITIES } from '../spec/index.ts';

/** One level lower (critical > high > medium > low); low stays low. */
export function lowerSeverity(s: Severity): Severity {
  const i = SEVERITIES.indexOf(s);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.length - 1)] ?? s;
}

/** Page pairs carry the objective's own severity, ticket pairs one level lower. */
export function burnSeverity(window: { severity: 'page' | 'ticket' }, objective: RatioObjective): Severity {
  return window.severity === 'page' ? objective.severity : lowerSeverity(objective.severity);
}
