/**
 * The v1 API's routes (see src/api/types.ts): each turns a request path and
 * query into a JSON document or an ApiError with its HTTP status.
 */

import type { AlertsDocument, ApiConfig, ApiErrorCode, PodInfo } from '../api/index.ts';
import { API_ERROR_CODES, API_PREFIX, RANGES, routeOf } from '../api/index.ts';
import type { StatusDocument } from '../engine/index.ts';
import { evaluate, type SloSource } from '../sources/index.ts';
import type { SloSpec } from '../spec/index.ts';
import { parseRange } from './chart-range.ts';
import { objectiveDetail } from './objective-detail.ts';

export interface ApiContext {
  spec: SloSpec;
  source: SloSource;
  version: string;
  refreshSeconds: number;
  now: () => number;
  pods: () => PodInfo[] | Promise<PodInfo[]>;
  alerts: () => AlertsDocument | Promise<AlertsDocument>;
}

export type ApiResult = { status: number; body: unknown };

/** An ApiError with its code's status (API_ERROR_CODES). */
export function apiError(code: ApiErrorCode, message: string): ApiResult {
  return { status: API_ERROR_CODES[code], body: { error: { code, message } } };
}

/**
 * Status documents are costly next to a page load (every objective, every
 * window), and a page asks for several at once: one per second is enough.
 */
export class StatusCache {
  private last: { second: number; env: string; doc: Promise<StatusDocument> } | undefined;

  constructor(private readonly ctx: ApiContext) {}

  get(at: number, env?: string): Promise<StatusDocument> {
    const second = Math.floor(at / 1000);
    const key = env ?? '';
    if (this.last?.second === second && this.last.env === key) return this.last.doc;
    const doc = evaluate(this.ctx.spec, this.ctx.source, at, env);
    this.last = { second, env: key, doc };
    doc.catch(() => {
      if (this.last?.doc === doc) this.last = undefined;
    });
    return doc;
  }
}

function config(ctx: ApiContext): ApiConfig {
  return {
    version: ctx.version,
    source: ctx.source.kind,
    refresh_seconds: ctx.refreshSeconds,
    ranges: RANGES,
    environments: ctx.spec.environments.map((e) => ({
      name: e.name,
      period: e.period,
      objectives: e.objectives.map((o) => ({
        name: o.name,
        kind: o.kind,
        description: o.description ?? null,
      })),
    })),
  };
}

/** Answers GET `path` (below /api/v1) with `query`. */
export async function apiRoute(
  ctx: ApiContext,
  cache: StatusCache,
  path: string,
  query: URLSearchParams,
): Promise<ApiResult> {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const at = ctx.now();
  const env = (name: string | undefined) => ctx.spec.environments.find((e) => e.name === name);
  const route = routeOf(parts[0]);
  // Only objectives takes more segments (ENV/NAME); `config/extra` names nothing.
  if (route === undefined || (route !== 'objectives' && parts.length !== 1))
    return apiError('not_found', `no API route ${API_PREFIX}/${parts.join('/')}`);
  switch (route) {
    case 'config':
      return { status: 200, body: config(ctx) };
    case 'status': {
      const name = query.get('env') ?? undefined;
      if (name !== undefined && !env(name))
        return apiError('unknown_environment', `no environment ${JSON.stringify(name)} in the spec`);
      return { status: 200, body: await cache.get(at, name) };
    }
    case 'objectives': {
      const e = env(parts[1]);
      if (!e)
        return apiError(
          'unknown_environment',
          `no environment ${JSON.stringify(parts[1] ?? '')} in the spec`,
        );
      if (parts.length > 3) return apiError('not_found', `no API route ${API_PREFIX}/${parts.join('/')}`);
      const range = parseRange(query.get('range'));
      if (range === undefined)
        return apiError(
          'bad_range',
          `range must be one of ${RANGES.join(', ')}, got ${JSON.stringify(query.get('range'))}`,
        );
      const doc = await cache.get(at);
      const status = doc.environments
        .find((x) => x.environment === e.name)
        ?.objectives.find((o) => o.name === parts[2]);
      if (!status)
        return apiError(
          'unknown_objective',
          `no objective ${JSON.stringify(parts[2] ?? '')} in environment ${e.name}`,
        );
      return { status: 200, body: await objectiveDetail(ctx.spec, ctx.source, e, status, range, at) };
    }
    case 'pods':
      return { status: 200, body: { pods: await ctx.pods() } };
    case 'alerts':
      return { status: 200, body: await ctx.alerts() };
  }
}
