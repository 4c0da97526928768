/**
 * The overview table's rows: every objective of every environment, filtered
 * and sorted as the hash says. Pure, no DOM, so it is tested directly.
 */
import type { ObjectiveStatus, StatusDocument } from '../../api/index.ts';
import { type ObjectiveState, STATE_ORDER } from './objective-state.ts';

export const SORT_KEYS = [
  'state',
  'environment',
  'objective',
  'kind',
  'value',
  'budget',
  'burn1h',
  'burn6h',
  'alerts',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** The state filter: every objective, or only those needing attention (warning or breached). */
export type StateFilter = 'all' | 'problems' | ObjectiveState;

export interface OverviewQuery {
  /** Substring of environment, objective name or kind (case-insensitive). */
  text: string;
  /** Only this environment; '' for all. */
  environment: string;
  state: StateFilter;
  sort: SortKey;
  dir: SortDir;
}

export interface OverviewRow {
  objective: ObjectiveStatus;
  state: ObjectiveState;
}

/** The query from the hash's page parameters (q, env, state, sort, dir), defaults for anything unknown. */
export function overviewQuery(params: Record<string, string>): OverviewQuery {
  const sort = (SORT_KEYS as readonly string[]).includes(params.sort ?? '')
    ? (params.sort as SortKey)
    : 'state';
  const states: readonly string[] = [
    'all',
    'problems',
    'ok',
    'warning',
    'breached',
    'undetermined',
    'no-data',
  ];
  return {
    text: params.q ?? '',
    environment: params.env ?? '',
    state: states.includes(params.state ?? '') ? (params.state as StateFilter) : 'all',
    sort,
    dir: params.dir === 'desc' ? 'desc' : 'asc',
  };
}

/** The hash parameters of a query; defaults left out. */
export function overviewParams(q: OverviewQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.text !== '') out.q = q.text;
  if (q.environment !== '') out.env = q.environment;
  if (q.state !== 'all') out.state = q.state;
  if (q.sort !== 'state') out.sort = q.sort;
  if (q.dir !== 'asc') out.dir = q.dir;
  return out;
}

/** The number a row sorts by; undefined (no data) always sorts last. */
function sortValue(r: OverviewRow, key: SortKey): number | string | undefined {
  const o = r.objective;
  switch (key) {
    case 'state':
      return STATE_ORDER[r.state];
    case 'environment':
      return `${o.environment}\u0000${o.name}`;
    case 'objective':
      return `${o.name}\u0000${o.environment}`;
    case 'kind':
      return o.kind;
    case 'value':
      return o.value ?? undefined;
    case 'budget':
      return o.error_budget?.remaining_ratio;
    case 'burn1h':
      return o.burn_rates['1h'] ?? undefined;
    case 'burn6h':
      return o.burn_rates['6h'] ?? undefined;
    case 'alerts':
      return o.firing_alerts.length;
  }
}

function matches(r: OverviewRow, q: OverviewQuery): boolean {
  const o = r.objective;
  if (q.environment !== '' && o.environment !== q.environment) return false;
  if (q.state === 'problems' && r.state !== 'warning' && r.state !== 'breached') return false;
  if (q.state !== 'all' && q.state !== 'problems' && r.state !== q.state) return false;
  const t = q.text.trim().toLowerCase();
  return t === '' || [o.environment, o.name, o.kind].some((s) => s.toLowerCase().includes(t));
}

/** Every objective of the document, filtered and sorted; ties keep the document's order. */
export function overviewRows(doc: StatusDocument, q: OverviewQuery): OverviewRow[] {
  const rows = doc.environments
    .flatMap((e) => e.objectives)
    .map((objective) => ({ objective, state: objective.state }))
    .filter((r) => matches(r, q));
  const sign = q.dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i, v: sortValue(r, q.sort) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) return a.v === b.v ? a.i - b.i : a.v === undefined ? 1 : -1;
      const c =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.r);
}
