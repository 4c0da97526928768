/**
 * Reading generated dashboard JSON in tests: panels (rows included), their
 * PromQL targets, variables, and Grafana variable substitution so queries
 * can go to the real promtool.
 */
import type { JsonObject, JsonValue } from '../../src/dashboards/index.ts';

export interface Target {
  panel: string;
  refId: string;
  expr: string;
  datasource: JsonValue | undefined;
}

function obj(v: JsonValue | undefined): JsonObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`not an object: ${String(v)}`);
  return v;
}

function arr(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}

function str(v: JsonValue | undefined): string {
  if (typeof v !== 'string') throw new Error(`not a string: ${String(v)}`);
  return v;
}

/** Every panel, rows' nested panels included, rows themselves excluded. */
export function panels(dashboard: JsonObject): JsonObject[] {
  return arr(dashboard.panels).flatMap((p) => {
    const panel = obj(p);
    return panel.type === 'row' ? arr(panel.panels).map(obj) : [panel];
  });
}

export function titles(dashboard: JsonObject): string[] {
  return panels(dashboard).map((p) => str(p.title));
}

export function panelByTitle(dashboard: JsonObject, title: string): JsonObject {
  const found = panels(dashboard).find((p) => p.title === title);
  if (!found) throw new Error(`no panel titled ${title}; have ${titles(dashboard).join(', ')}`);
  return found;
}

export function targets(dashboard: JsonObject): Target[] {
  return panels(dashboard).flatMap((p) =>
    arr(p.targets).map((t) => {
      const target = obj(t);
      return {
        panel: str(p.title),
        refId: str(target.refId),
        expr: str(target.expr),
        datasource: target.datasource,
      };
    }),
  );
}

export function targetOf(dashboard: JsonObject, title: string, refId: string): string {
  const t = targets(dashboard).find((x) => x.panel === title && x.refId === refId);
  if (!t) throw new Error(`no target ${refId} in ${title}`);
  return t.expr;
}

export function variables(dashboard: JsonObject): JsonObject[] {
  return arr(obj(dashboard.templating).list).map(obj);
}

export function variable(dashboard: JsonObject, name: string): JsonObject {
  const v = variables(dashboard).find((x) => x.name === name);
  if (!v) throw new Error(`no variable ${name}`);
  return v;
}

/** PromQL of query variables that are not Grafana's label_values(...) helper. */
export function variableQueries(dashboard: JsonObject): string[] {
  return variables(dashboard)
    .filter((v) => v.type === 'query' && typeof v.query === 'string' && !v.query.startsWith('label_values('))
    .map((v) => str(v.query));
}

/** Values a Grafana user might have selected, and Grafana's built-in interval variables. */
export const DEFAULT_VALUES: Readonly<Record<string, string>> = {
  environment: 'production',
  model: '.*',
  pod: '.*',
  datasource: 'prometheus',
  __rate_interval: '1m',
  __interval: '30s',
  __range: '1h',
};

/** Replaces `$name` and `${name}` / `${name:format}` like Grafana does; unknown variables throw. */
export function substitute(expr: string, values: Readonly<Record<string, string>> = DEFAULT_VALUES): string {
  return expr.replace(/\$(?:\{(\w+)(?::\w+)?\}|(\w+))/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`unknown Grafana variable ${whole} in ${expr}`);
    return value;
  });
}
