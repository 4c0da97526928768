/**
 * PromQL builders only the Grafana dashboards need. Dashboard queries differ
 * from rule expressions in two ways: they hold Grafana variables (`$environment`,
 * `$model`, `$pod`, `$__rate_interval`) that Grafana substitutes before sending
 * them, and one query must follow the dashboard's `$environment` even where the
 * spec's constants (targets, thresholds, pod regexes) differ per environment.
 */
import { formatNumber, quote, sumBy } from './selector.ts';

/** One label matcher; unlike `Matchers`, a label may appear in several (a pod regex and `$pod`). */
export type LabelMatch = readonly [label: string, op: '=' | '!=' | '=~' | '!~', value: string];

/** A Grafana template variable as written in a query: `$environment`. */
export function grafanaVariable(name: string): string {
  return `$${name}`;
}

/** `metric{a="b",a=~"c"}`, matchers in the order given. */
export function vectorSelector(metric: string, matchers: readonly LabelMatch[]): string {
  if (matchers.length === 0) return metric;
  return `${metric}{${matchers.map(([label, op, value]) => `${label}${op}${quote(value)}`).join(',')}}`;
}

/** `sum by (labels) (rate(selector[window]))`. */
export function rateSum(by: readonly string[], selector: string, window: string): string {
  return sumBy(by, `rate(${selector}[${window}])`);
}

/** `histogram_quantile(q, sum by (le, ...) (rate(<histogram>_bucket{...}[window])))`. */
export function histogramQuantile(
  q: number,
  histogram: string,
  matchers: readonly LabelMatch[],
  by: readonly string[],
  window: string,
): string {
  const buckets = vectorSelector(`${histogram}_bucket`, matchers);
  return `histogram_quantile(${formatNumber(q)}, ${rateSum(['le', ...by], buckets, window)})`;
}

/** A constant as an instant vector (one series, no labels). */
export function constant(value: number): string {
  return `vector(${formatNumber(value)})`;
}

/**
 * Sets `label` to a fixed value on every series of `expr` (label_replace with
 * an empty regex on an empty source label always matches).
 */
export function withLabel(expr: string, label: string, value: string): string {
  return `label_replace(${expr}, ${quote(label)}, ${quote(value)}, "", "")`;
}

/** One environment's version of a query; its series must carry `label="environment"`. */
export interface EnvironmentTerm {
  environment: string;
  expr: string;
}

/**
 * The term of the environment selected in Grafana. PromQL cannot compare
 * strings, so every term carries its environment as a label, and `and on`
 * keeps those whose label equals `$environment`, which label_replace writes
 * into a one-element vector. The terms are a lookup table: a query whose
 * constants differ per environment (99.9 % here, 99 % there) stays one query.
 */
export function forSelectedEnvironment(
  envLabel: string,
  terms: readonly EnvironmentTerm[],
  variable = 'environment',
): string {
  if (terms.length === 0) throw new Error('forSelectedEnvironment needs at least one term');
  const union = terms.map((t) => t.expr).join('\n  or ');
  const selected = withLabel('vector(1)', envLabel, grafanaVariable(variable));
  return `(\n  ${union}\n) and on (${envLabel}) ${selected}`;
}

/** A per-environment constant (an SLO threshold, a target) for the selected environment. */
export function constantForSelectedEnvironment(
  envLabel: string,
  values: ReadonlyArray<{ environment: string; value: number }>,
): string {
  return forSelectedEnvironment(
    envLabel,
    values.map((v) => ({
      environment: v.environment,
      expr: withLabel(constant(v.value), envLabel, v.environment),
    })),
  );
}

/**
 * One series per `by` whose value is the code of the state that is current:
 * each state's series is 1 while the state holds (kube_pod_status_phase has
 * one 0/1 series per phase), so keeping the 1s, multiplying by the code and
 * taking the max leaves the current state's code. For state timelines.
 */
export function stateCode(
  by: readonly string[],
  states: ReadonlyArray<{ code: number; series: string }>,
): string {
  const terms = states.map((s) => `${formatNumber(s.code)} * (${s.series} == 1)`);
  return `max by (${by.join(', ')}) (\n  ${terms.join('\n  or ')}\n)`;
}
