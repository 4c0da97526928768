/**
 * A generated dashboard's PromQL as a rule file promtool can check: every
 * panel target and query variable becomes a recording rule, with Grafana's
 * variables substituted as Grafana would (unknown ones left as they are).
 */
import { stringify } from 'yaml';
import type { JsonObject } from '../../../src/dashboards/index.ts';
import { DEFAULT_VALUES, targets, variableQueries } from '../../dashboards/dashboard-json.ts';

/** Grafana replaces only the variables it has; `$1` or `a$` in a spec's regex stays as written. */
function substitute(expr: string): string {
  return expr.replace(
    /\$(?:\{(\w+)(?::\w+)?\}|(\w+))/g,
    (whole, braced?: string, bare?: string) => DEFAULT_VALUES[braced ?? bare ?? ''] ?? whole,
  );
}

/** The rule file for the dashboards' expressions (JSON texts as generate writes them). */
export function dashboardRuleFile(jsonTexts: readonly string[]): string {
  const exprs = jsonTexts.flatMap((text) => {
    const d = JSON.parse(text) as JsonObject;
    return [...targets(d).map((t) => t.expr), ...variableQueries(d)];
  });
  const rules = exprs.map((e, i) => ({ record: `dashboard:check:${i}`, expr: substitute(e) }));
  return stringify({ groups: [{ name: 'dashboard-check', rules }] }, { lineWidth: 0 });
}
