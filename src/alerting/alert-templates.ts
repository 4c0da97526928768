/**
 * Fills the generated rules' annotation templates with an alert's labels
 * and value, so an alert raised in embedded mode reads exactly as the one
 * Prometheus would raise from the same rule. Only the template forms the
 * rules use are understood (src/rules); anything else is left as written,
 * which a test catches.
 */
import { formatNumber } from '../promql/index.ts';

/** Go's %.4g for the magnitudes alerts show (no exponent form below 1e21). */
function g4(v: number): string {
  return formatNumber(Number(v.toPrecision(4)));
}

/** Prometheus's humanizeDuration: "250ms", "3.5s", "1m 5s", "2h 0m 3s". */
export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return '0s';
  const sign = v < 0 ? '-' : '';
  let a = Math.abs(v);
  if (a >= 1) {
    const whole = Math.floor(a);
    const s = whole % 60;
    const m = Math.floor(whole / 60) % 60;
    const h = Math.floor(whole / 3600) % 24;
    const d = Math.floor(whole / 86_400);
    if (d !== 0) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return `${sign}${g4(a)}s`;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p']) {
    if (a >= 1) break;
    prefix = p;
    a *= 1000;
  }
  return `${sign}${g4(a)}${prefix}s`;
}

/** Prometheus's humanizePercentage: 0.0123 -> "1.23%". */
export function humanizePercentage(v: number): string {
  return `${g4(v * 100)}%`;
}

const TEMPLATE = /\{\{\s*(.*?)\s*\}\}/g;

function expand(expr: string, labels: Readonly<Record<string, string>>, value: number): string | undefined {
  const label = /^\$labels\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
  if (label?.[1] !== undefined) return labels[label[1]] ?? '';
  if (expr === '$value') return String(value);
  const printf = /^\$value\s*\|\s*printf\s+"%\.(\d)f"$/.exec(expr);
  if (printf?.[1] !== undefined) return value.toFixed(Number(printf[1]));
  if (/^\$value\s*\|\s*humanizeDuration$/.test(expr)) return humanizeDuration(value);
  if (/^\$value\s*\|\s*humanizePercentage$/.test(expr)) return humanizePercentage(value);
  return undefined;
}

/** One annotation with `{{ $labels.x }}` and `{{ $value | ... }}` filled in. */
export function renderTemplate(
  text: string,
  labels: Readonly<Record<string, string>>,
  value: number,
): string {
  return text.replace(TEMPLATE, (whole, expr: string) => expand(expr, labels, value) ?? whole);
}

/** Every annotation of a rule, rendered. */
export function renderAnnotations(
  annotations: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
  value: number,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).map(([k, v]) => [k, renderTemplate(v, labels, value)]),
  );
}
