/**
 * Alert annotations: every alert carries summary, description and
 * runbook_url (DESIGN.md). Texts use Prometheus's template functions so the
 * current value reads in the unit the threshold is in.
 */
import { formatNumber } from '../promql/index.ts';

/** VllmErrorBudgetBurn -> vllm-error-budget-burn */
export function runbookSlug(alertName: string): string {
  return alertName
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

export function runbookUrl(base: string, alertName: string): string {
  return `${base.replace(/\/+$/, '')}/${runbookSlug(alertName)}`;
}

/** "99.9 %" from 0.999; "95 %" from 0.95. */
export function percent(ratio: number): string {
  return `${formatNumber(ratio * 100)}%`;
}

/** "3s" or "500ms" from seconds. */
export function seconds(s: number): string {
  return s < 1 ? `${formatNumber(s * 1000)}ms` : `${formatNumber(s)}s`;
}

export interface AnnotationText {
  summary: string;
  description: string;
}

/** The three annotations of every alert. */
export function annotations(base: string, alertName: string, text: AnnotationText): Record<string, string> {
  return { summary: text.summary, description: text.description, runbook_url: runbookUrl(base, alertName) };
}
