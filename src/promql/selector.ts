/**
 * Building PromQL selectors safely: label values are escaped as PromQL string
 * literals, so a pod regex or a model name with quotes cannot break a query.
 */

export type Matcher =
  | { op: '='; value: string }
  | { op: '!='; value: string }
  | { op: '=~'; value: string }
  | { op: '!~'; value: string };

export type Matchers = Record<string, string | Matcher>;

const SHORT_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A PromQL double-quoted string literal. PromQL takes Go's escapes
 * (Prometheus docs, "String literals"; promql/parser/lex.go), and a raw
 * newline ends the literal. Every other control character (C0, DEL, C1) and
 * the Unicode line and paragraph separators are written as `\uXXXX` too:
 * raw, they parse as PromQL but not in a rules file, where promtool's YAML
 * reader refuses DEL ("control characters are not allowed") and takes
 * U+2028 for a line break.
 */
export function quote(value: string): string {
  const escaped = value.replace(
    /[\\"\p{Cc}\u2028\u2029]/gu,
    (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

/** `name{a="b",c=~"d"}`; a plain string value means equality. */
export function selector(metric: string, matchers: Matchers = {}): string {
  const parts = Object.entries(matchers).map(([label, m]) =>
    typeof m === 'string' ? `${label}=${quote(m)}` : `${label}${m.op}${quote(m.value)}`,
  );
  // Metric names with colons (vllm:...) are legal in the bare form.
  return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
}

/** `name{...}[5m]` */
export function rangeSelector(metric: string, matchers: Matchers, window: string): string {
  return `${selector(metric, matchers)}[${window}]`;
}

/** `sum by (a, b) (expr)`, or `sum(expr)` with no labels. */
export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `sum(${expr})` : `sum by (${labels.join(', ')}) (${expr})`;
}

/**
 * The `le` matcher for a bucket bound. Prometheus 3 normalises "3.0" to "3" on
 * ingestion but Prometheus 2 keeps what the exporter wrote (Python clients
 * write "3.0"), so both spellings are matched.
 */
export function leMatcher(seconds: number): Matcher {
  const text = formatNumber(seconds);
  const alternatives = Number.isInteger(seconds) ? [text, `${text}.0`] : [text];
  return { op: '=~', value: alternatives.map((a) => a.replace(/\./g, '\\.')).join('|') };
}

/** Shortest exact decimal of a number, as PromQL takes it: 0.5, 3, 0.001, 14.4. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  // Round away binary noise (0.1 * 3 = 0.30000000000000004) at 12 significant digits.
  return String(Number(n.toPrecision(12)));
}

/**
 * A computed number for people to read (alert text, labels): at most 4
 * significant digits, so a factor reads 13.44 or 1.4, never 0.2333333333.
 * Expressions keep formatNumber's exact value.
 */
export function displayNumber(n: number): string {
  if (!Number.isFinite(n)) return formatNumber(n);
  return String(Number(n.toPrecision(4)));
}

/** Renames a label (label_replace, then empties the old one, which removes it). */
export function renameLabel(expr: string, from: string, to: string): string {
  if (from === to) return expr;
  return `label_replace(label_replace(${expr}, "${to}", "$1", "${from}", "(.*)"), "${from}", "", "", "")`;
}
