/**
 * The UI's state lives in the location hash, so every view (page, time
 * range, refresh, sort and filter) is a link one can share or reload:
 *   #/                                  overview
 *   #/objective/production/availability objective detail
 *   #/pods, #/alerts
 * with a query after "?": range=6h, refresh=30s|off, and the overview's
 * q (filter text), env, state, sort, dir. Pure, no DOM.
 */
import { RANGES, type RangeName } from '../../api/index.ts';

export type Route =
  | { page: 'overview' }
  | { page: 'objective'; env: string; name: string }
  | { page: 'pods' }
  | { page: 'alerts' }
  | { page: 'notfound'; path: string };

export interface ViewState {
  route: Route;
  range: RangeName;
  /** Whether the hash names the range; otherwise the app picks one (see incidentRange). */
  rangeExplicit: boolean;
  /** Auto-refresh interval in seconds, 0 for off; undefined: the server's default. */
  refresh: number | undefined;
  /** Page-specific settings (overview filter and sort), kept verbatim. */
  params: Record<string, string>;
}

/** The range a view opens with when the hash names none and nothing fires. */
export const DEFAULT_RANGE: RangeName = '1d';

/** The range an objective opens on while one of its alerts fires: the live incident fills the chart. */
export const INCIDENT_RANGE: RangeName = '1h';

/**
 * The range an objective page opens with: the hash's when it names one,
 * else 1h when an alert fires for the objective (its `slo` label) or for its
 * environment without naming an objective (latency, error rate, absence),
 * else the default. A 1d chart of a 10-minute incident shows a blip.
 */
export function openingRange(
  state: ViewState,
  firing: ReadonlyArray<{ environment: string; labels: Record<string, string> }>,
): RangeName {
  const r = state.route;
  if (state.rangeExplicit || r.page !== 'objective') return state.range;
  const hit = firing.some(
    (a) => a.environment === r.env && (a.labels.slo === undefined || a.labels.slo === r.name),
  );
  return hit ? INCIDENT_RANGE : DEFAULT_RANGE;
}

/** Auto-refresh choices of the picker, in seconds (0 = off). */
export const REFRESH_CHOICES = [0, 10, 30, 60, 300] as const;

function isRange(x: string | null): x is RangeName {
  return x !== null && (RANGES as readonly string[]).includes(x);
}

/** "30s" -> 30, "1m" -> 60, "off" -> 0; undefined for anything else. */
export function parseRefresh(text: string | null): number | undefined {
  if (text === null) return undefined;
  if (text === 'off' || text === '0') return 0;
  const m = /^(\d+)(s|m)?$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] === 'm' ? 60 : 1);
  return n > 0 ? n : undefined;
}

/** 0 -> "off", 60 -> "1m", 30 -> "30s". */
export function refreshLabel(seconds: number): string {
  if (seconds <= 0) return 'off';
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

function parseRoute(path: string): Route {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [first, env, name, ...rest] = parts;
  if (first === undefined) return { page: 'overview' };
  if (first === 'pods' && env === undefined) return { page: 'pods' };
  if (first === 'alerts' && env === undefined) return { page: 'alerts' };
  if (first === 'objective' && env !== undefined && name !== undefined && rest.length === 0)
    return { page: 'objective', env, name };
  return { page: 'notfound', path: `/${parts.join('/')}` };
}

/** The view a location hash ("#/pods?range=6h") names; anything unknown falls back to defaults. */
export function parseHash(hash: string): ViewState {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : text.slice(q + 1));
  const range = query.get('range');
  const params: Record<string, string> = {};
  for (const [k, v] of query) if (k !== 'range' && k !== 'refresh') params[k] = v;
  return {
    route: parseRoute(path),
    range: isRange(range) ? range : DEFAULT_RANGE,
    rangeExplicit: isRange(range),
    refresh: parseRefresh(query.get('refresh')),
    params,
  };
}

/** The path part of a route, "/objective/production/availability". */
export function routePath(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '/';
    case 'objective':
      return `/objective/${encodeURIComponent(route.env)}/${encodeURIComponent(route.name)}`;
    case 'pods':
      return '/pods';
    case 'alerts':
      return '/alerts';
    case 'notfound':
      return route.path;
  }
}

/** The hash of a view; defaults are left out so links stay short. */
export function formatHash(state: ViewState): string {
  const query = new URLSearchParams();
  // A range the app picked (default or incident) stays out of links: it is picked again on opening.
  if (state.rangeExplicit) query.set('range', state.range);
  if (state.refresh !== undefined) query.set('refresh', refreshLabel(state.refresh));
  for (const [k, v] of Object.entries(state.params)) if (v !== '') query.set(k, v);
  const q = query.toString();
  return `#${routePath(state.route)}${q === '' ? '' : `?${q}`}`;
}

/**
 * The hash of another page keeping range and refresh; page settings
 * (the overview's filter and sort) are dropped unless given.
 */
export function linkTo(state: ViewState, route: Route, params: Record<string, string> = {}): string {
  return formatHash({ ...state, route, params });
}
