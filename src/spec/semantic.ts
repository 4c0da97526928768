/**
 * Checks a schema cannot express: names usable as label values and object
 * names, references between sections, windows that fit their period, and
 * duplicates. Each returns the path of the offending field.
 */
import { BURN_BASE_PERIOD, workbookFactor } from './burn-windows.ts';
import { labelNameIssues } from './distinct-labels.ts';
import { parseDuration } from './duration.ts';
import { kindFacts } from './objective-kinds.ts';
import { duplicatePods } from './pod-urls.ts';
import type { PathSegment } from './problems.ts';
import type { SpecInput } from './schema.ts';
import { NAME_PATTERN, NAME_RULE, SEVERITIES } from './schema-parts.ts';
import { urlSecretProblem } from './url-secrets.ts';

export interface SemanticIssue {
  code: string;
  path: PathSegment[];
  message: string;
}

function keysOf(v: unknown): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

/** Name rules on the raw data: run even when the schema failed, so all problems show at once. */
export function checkNames(data: unknown): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  const envs = (data as { environments?: unknown } | null)?.environments;
  const bad = (name: string) => `name ${JSON.stringify(name)} must be ${NAME_RULE}`;
  for (const env of keysOf(envs)) {
    if (!NAME_PATTERN.test(env))
      out.push({ code: 'invalid_name', path: ['environments', env], message: bad(env) });
    const objectives = (envs as Record<string, { objectives?: unknown }>)[env]?.objectives;
    for (const o of keysOf(objectives)) {
      if (!NAME_PATTERN.test(o))
        out.push({ code: 'invalid_name', path: ['environments', env, 'objectives', o], message: bad(o) });
    }
  }
  if (envs !== undefined && keysOf(envs).length === 0)
    out.push({ code: 'missing', path: ['environments'], message: 'must name at least one environment' });
  return out;
}

/** References and fits, on schema-valid input. */
export function checkReferences(spec: SpecInput): SemanticIssue[] {
  const out: SemanticIssue[] = labelNameIssues(spec);
  const windows = spec.alerting.burnRateWindows;
  windows.forEach((w, i) => {
    if (parseDuration(w.short) >= parseDuration(w.long))
      out.push({
        code: 'invalid_value',
        path: ['alerting', 'burnRateWindows', i, 'short'],
        message: `must be shorter than the long window (${w.long}), got ${JSON.stringify(w.short)}`,
      });
    // Below 1 a pair fires while the objective is on pace to end its period within budget.
    const factor = workbookFactor(w.budgetSpent / 100, parseDuration(w.long));
    if (factor < 1)
      out.push({
        code: 'invalid_value',
        path: ['alerting', 'burnRateWindows', i, 'budgetSpent'],
        message: `gives a burn-rate factor of ${Number(factor.toPrecision(4))} (budgetSpent * ${BURN_BASE_PERIOD} / long), which must be at least 1: spend at least ${Number(((100 * parseDuration(w.long)) / parseDuration(BURN_BASE_PERIOD)).toPrecision(4))}% of the budget in ${w.long}, got ${w.budgetSpent}`,
      });
  });
  // No check that a period outlasts its burn-rate windows: a factor of at least 1 bounds a long window
  // at the 30d base period, so scaled to any period it is at most that period (or, lifted by the scrape
  // floor, at most 4 x 5m < the 1h shortest period); test/spec/burn-windows.test.ts holds this.

  const receivers = Object.keys(spec.alerting.alertmanager.receivers);
  for (const [name, r] of Object.entries(spec.alerting.alertmanager.receivers)) {
    if (r.type === 'webhook' && (r.url === undefined) === (r.urlFile === undefined))
      out.push({
        code: 'invalid_value',
        path: ['alerting', 'alertmanager', 'receivers', name],
        message:
          r.url === undefined
            ? 'a webhook needs url (with credentialsFile for a token) or urlFile, got neither'
            : 'a webhook takes url or urlFile, not both',
      });
  }
  for (const [name, r] of Object.entries(spec.alerting.alertmanager.receivers)) {
    const problem = 'url' in r && r.url !== undefined ? urlSecretProblem(r.url) : undefined;
    if (problem)
      out.push({
        code: 'inline_secret',
        path: ['alerting', 'alertmanager', 'receivers', name, 'url'],
        message: problem,
      });
  }
  for (const sev of SEVERITIES) {
    const r = spec.alerting.alertmanager.routes[sev];
    if (!receivers.includes(r))
      out.push({
        code: 'unknown_reference',
        path: ['alerting', 'alertmanager', 'routes', sev],
        message: `names receiver ${JSON.stringify(r)}, which alerting.alertmanager.receivers does not define (defined: ${receivers.join(', ') || 'none'})`,
      });
  }

  for (const [envName, env] of Object.entries(spec.environments)) {
    const at = (...p: PathSegment[]): PathSegment[] => ['environments', envName, ...p];
    const periodMs = parseDuration(env.period);
    const budgeted = Object.entries(env.objectives).filter(([, o]) => kindFacts(o.kind).measure === 'ratio');
    for (const [name, o] of budgeted) {
      const p = 'period' in o && o.period ? parseDuration(o.period) : periodMs;
      if (parseDuration(o.window) > p)
        out.push({
          code: 'invalid_value',
          path: at('objectives', name, 'window'),
          message: `must not be longer than the budget period (${'period' in o && o.period ? o.period : env.period}), got ${JSON.stringify(o.window)}`,
        });
    }
    for (const d of duplicatePods(env.pods))
      out.push({ code: 'duplicate', path: at('pods', d.index), message: d.message });
    const ratioNames = budgeted.map(([n]) => n);
    const seen = new Map<string, number>();
    const seenModels = new Set<string>();
    env.models.forEach((m, i) => {
      if (seenModels.has(m))
        out.push({
          code: 'duplicate',
          path: at('models', i),
          message: `duplicate model ${JSON.stringify(m)}`,
        });
      seenModels.add(m);
    });
    env.alerts.forEach((a, i) => {
      if ('objective' in a && !ratioNames.includes(a.objective))
        out.push({
          code: 'unknown_reference',
          path: at('alerts', i, 'objective'),
          message: `names objective ${JSON.stringify(a.objective)}, which has no error budget in ${envName} (objectives with a budget: ${ratioNames.join(', ') || 'none'})`,
        });
      const quantile = 'quantile' in a ? a.quantile : null;
      const objective = 'objective' in a ? a.objective : null;
      const key = JSON.stringify([a.type, quantile, objective, a.severity]);
      const first = seen.get(key);
      if (first !== undefined)
        out.push({
          code: 'duplicate',
          path: at('alerts', i),
          message: `duplicate alert: same type${quantile === null ? '' : ', quantile'}${objective === null ? '' : ', objective'} and severity as alerts[${first}]`,
        });
      else seen.set(key, i);
    });
  }
  return out;
}
