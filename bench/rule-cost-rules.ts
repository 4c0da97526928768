/**
 * The generated rules as the rule-cost benchmark sees them: every recording
 * and alerting rule of the spec (the optional vLLM adapter file aside), each
 * with its group's evaluation interval and its class: long-window records
 * (any range over 6 h), the other records, and alert expressions.
 */
import { isAlertingRule, ruleFiles } from '../src/rules/index.ts';
import { parseDuration, type SloSpec } from '../src/spec/index.ts';

/** Prometheus's default evaluation_interval, used by groups without their own. */
const GLOBAL_INTERVAL = '1m';
const LONG_MS = parseDuration('6h');

export type RuleClass = 'long' | 'short' | 'alert';

export interface BenchRule {
  group: string;
  interval: string;
  /** The record or alert name. */
  name: string;
  expr: string;
  labels: Record<string, string>;
  record: boolean;
  cls: RuleClass;
}

/** Range selectors and subqueries of an expression: `[30d]`, `[1d:5m]`. */
function ranges(expr: string): number[] {
  return [...expr.matchAll(/\[(\d+[smhdwy])(?::\d*[smhdwy]?)?\]/g)].map((m) => parseDuration(m[1] ?? '0s'));
}

/**
 * Every rule of the spec's rules files except the optional vLLM adapter's.
 * Records in a group with any range over 6 h are the period group's ("long"):
 * the 5-minute increases that group records for its long windows count there.
 */
export function benchRules(spec: SloSpec): BenchRule[] {
  return ruleFiles(spec)
    .filter((f) => !f.file.includes('adapter'))
    .flatMap((f) =>
      f.groups.flatMap((g) => {
        const long = g.rules.some((r) => !isAlertingRule(r) && Math.max(0, ...ranges(r.expr)) > LONG_MS);
        return g.rules.map((r): BenchRule => {
          const record = !isAlertingRule(r);
          return {
            group: g.name,
            interval: g.interval ?? GLOBAL_INTERVAL,
            name: isAlertingRule(r) ? r.alert : r.record,
            expr: r.expr,
            labels: r.labels ?? {},
            record,
            cls: !record ? 'alert' : long ? 'long' : 'short',
          };
        });
      }),
    );
}

/** Evaluations per hour of a rule's group. */
export function evaluationsPerHour(rule: BenchRule): number {
  return 3_600_000 / parseDuration(rule.interval);
}

/**
 * Recording rules whose series another rule reads over a range
 * (`record{...}[30d]`): their history must exist before those rules can be
 * measured, so the benchmark backfills them. They must read raw series only.
 */
export function rangeReadRecords(rules: readonly BenchRule[]): BenchRule[] {
  const records = new Set(rules.filter((r) => r.record).map((r) => r.name));
  const read = new Set<string>();
  for (const r of rules) {
    for (const m of r.expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\[/g)) {
      if (m[1] && records.has(m[1])) read.add(m[1]);
    }
  }
  const base = rules.filter((r) => r.record && read.has(r.name));
  for (const r of base) {
    const nested = [...records].find((name) => r.expr.includes(name));
    if (nested) throw new Error(`${r.name} reads the recorded ${nested}: backfill supports one level only`);
  }
  return base;
}
