/**
 * The UI's only way to the server: GETs of the v1 API on the page's own
 * origin. Credentials are the browser's defaults (same-origin cookies, set
 * by the server when the page was opened with ?token=), so no secret ever
 * sits in this code or the page.
 */
import type {
  AlertsDocument,
  ApiConfig,
  ApiError,
  ObjectiveDetail,
  PodsDocument,
  RangeName,
  StatusDocument,
} from '../../api/index.ts';
import { apiPaths } from '../../api/index.ts';

/** A failed API call, with what the user needs to know: which call, what status, the server's words. */
export class ApiFailure extends Error {
  constructor(
    readonly path: string,
    /** HTTP status, 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

function isApiError(x: unknown): x is ApiError {
  if (typeof x !== 'object' || x === null || !('error' in x)) return false;
  const e = (x as { error: unknown }).error;
  return typeof e === 'object' && e !== null && 'message' in e;
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiFailure(path, 0, 'unreachable', `the server did not answer (${String(err)})`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    if (isApiError(body)) throw new ApiFailure(path, res.status, body.error.code, body.error.message);
    const hint = res.status === 401 ? ': open the UI with ?token=YOUR_TOKEN' : '';
    throw new ApiFailure(
      path,
      res.status,
      `http_${res.status}`,
      `${res.statusText || 'request failed'}${hint}`,
    );
  }
  if (body === undefined) throw new ApiFailure(path, res.status, 'bad_json', 'the answer was not JSON');
  return body as T;
}

export function fetchConfig(signal?: AbortSignal): Promise<ApiConfig> {
  return get(apiPaths.config(), signal);
}

export function fetchStatus(signal?: AbortSignal): Promise<StatusDocument> {
  return get(apiPaths.status(), signal);
}

/** The detail path for an objective and range (also what the browser tests wait for). */
export function objectivePath(env: string, name: string, range: RangeName): string {
  return apiPaths.objective(env, name, range);
}

export function fetchObjective(
  env: string,
  name: string,
  range: RangeName,
  signal?: AbortSignal,
): Promise<ObjectiveDetail> {
  return get(objectivePath(env, name, range), signal);
}

export function fetchPods(signal?: AbortSignal): Promise<PodsDocument> {
  return get(apiPaths.pods(), signal);
}

export function fetchAlerts(signal?: AbortSignal): Promise<AlertsDocument> {
  return get(apiPaths.alerts(), signal);
}
