/**
 * The API's paths, written once for the server that routes them and the UI
 * that requests them (README, "Web UI and the live demo", endpoint table).
 * Version 1 lives under API_PREFIX; a route is the first segment after it.
 */
import type { RangeName } from './types.ts';

/** Every v1 route lives under this prefix. */
export const API_PREFIX = '/api/v1';

/** The first path segment after API_PREFIX of each route. */
export const API_ROUTES = ['config', 'status', 'objectives', 'pods', 'alerts'] as const;

/** One route of the v1 API. */
export type ApiRoute = (typeof API_ROUTES)[number];

/** The route a path segment names, or undefined for none. */
export function routeOf(segment: string | undefined): ApiRoute | undefined {
  return API_ROUTES.find((r) => r === segment);
}

/** The paths the UI requests, built as the server routes them. */
export const apiPaths = {
  config: (): string => `${API_PREFIX}/config`,
  /** The status document, of every environment or of one. */
  status: (env?: string): string =>
    env === undefined ? `${API_PREFIX}/status` : `${API_PREFIX}/status?env=${encodeURIComponent(env)}`,
  /** An objective's status and the series behind its charts over a range. */
  objective: (env: string, name: string, range: RangeName): string =>
    `${API_PREFIX}/objectives/${encodeURIComponent(env)}/${encodeURIComponent(name)}?range=${range}`,
  pods: (): string => `${API_PREFIX}/pods`,
  alerts: (): string => `${API_PREFIX}/alerts`,
} as const;
