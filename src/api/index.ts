/**
 * The HTTP API contract of `vllm-slo serve` (version 1): the JSON documents
 * the server sends and the web UI reads, and the one error shape. Both
 * src/server and src/ui import it; it imports nothing but types of the
 * engine, so the browser bundle stays small.
 */

export { API_PREFIX, API_ROUTES, type ApiRoute, apiPaths, routeOf } from './paths.ts';
export {
  type AlertInfo,
  type AlertsDocument,
  API_ERROR_CODES,
  type ApiConfig,
  type ApiError,
  type ApiErrorCode,
  type BurnPairState,
  type ObjectiveDetail,
  type ObjectiveKind,
  type ObjectiveKindFacts,
  type ObjectiveState,
  type ObjectiveStatus,
  type PodInfo,
  type PodRotationState,
  type PodsDocument,
  RANGES,
  type RangeName,
  type Series,
  type StatusDocument,
} from './types.ts';
