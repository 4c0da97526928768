/**
 * The JSON documents of `vllm-slo serve`'s HTTP API (version 1). The web UI
 * (src/ui) reads exactly these; tests compare the numbers on the pages with
 * them. Times are Unix seconds (what uPlot plots), durations in seconds,
 * ratios in [0, 1]. Every route is a GET; errors are `ApiError`.
 *
 *   GET /api/v1/config                                   -> ApiConfig
 *   GET /api/v1/status[?env=NAME]                        -> StatusDocument (as `status --json`)
 *   GET /api/v1/objectives/:env/:name?range=1h|6h|1d|7d|30d -> ObjectiveDetail
 *   GET /api/v1/pods                                     -> PodsDocument
 *   GET /api/v1/alerts                                   -> AlertsDocument
 */
import type { ObjectiveKind, ObjectiveState, ObjectiveStatus, StatusDocument } from '../engine/index.ts';
import type { OBJECTIVE_KIND_FACTS } from '../spec/index.ts';

export type { ObjectiveKind, ObjectiveState, ObjectiveStatus, StatusDocument };

/**
 * The objective-kind table's facts, as a type only (src/spec's table is not
 * for the browser): the UI's copy of the facts it shows is typed to equal it.
 */
export type ObjectiveKindFacts = typeof OBJECTIVE_KIND_FACTS;

/** The time ranges of the UI's picker. */
export const RANGES = ['1h', '6h', '1d', '7d', '30d'] as const;
export type RangeName = (typeof RANGES)[number];

/**
 * Every code an ApiError carries, with its HTTP status (README, "Web UI and
 * the live demo", the endpoint table). Closed: a new failure gets a code here.
 */
export const API_ERROR_CODES = {
  /** 400: the path has a malformed percent-encoding. */
  bad_path: 400,
  /** 400: `range` is not one of RANGES. */
  bad_range: 400,
  /** 401: a token is in force and the request carries none, or a wrong one. */
  unauthorized: 401,
  /** 403: bound to loopback and the Host header names another host (DNS rebinding). */
  forbidden_host: 403,
  /** 404: no route at this path. */
  not_found: 404,
  /** 404: the spec names no such environment. */
  unknown_environment: 404,
  /** 404: the environment has no such objective. */
  unknown_objective: 404,
  /** 404: a page path on a server started without the UI. */
  no_ui: 404,
  /** 405: any method but GET and HEAD (the API is read-only). */
  method_not_allowed: 405,
  /** 500: a failure inside the server (the message says what; the server logs it). */
  internal: 500,
  /** 502: the source could not answer: Prometheus unreachable, refusing the credentials, a failed query. */
  source_error: 502,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

export interface ApiError {
  error: { code: ApiErrorCode; message: string };
}

export interface ApiConfig {
  /** vllm-slo's version. */
  version: string;
  /** Where the numbers come from: the embedded store or Prometheus (`serve --source`). */
  source: 'embedded' | 'prometheus';
  /** The UI's auto-refresh interval. */
  refresh_seconds: number;
  ranges: readonly RangeName[];
  environments: {
    name: string;
    period: string;
    objectives: { name: string; kind: ObjectiveKind; description: string | null }[];
  }[];
}

/** One series per name, aligned on `t`; null where there was no traffic. */
export type Series = (number | null)[];

export interface BurnPairState {
  severity: 'page' | 'ticket';
  long: string;
  short: string;
  /** Burn-rate factor of the pair (14.4, 6, 3, 1 for 30 days). */
  factor: number;
  long_rate: number | null;
  short_rate: number | null;
  firing: boolean;
}

export interface ObjectiveDetail {
  environment: string;
  /** The objective's current status, the same object as in /api/v1/status. */
  status: ObjectiveStatus;
  /** Latency and TTFT objectives: the SLO threshold in seconds (the line on the quantile chart). */
  threshold_seconds: number | null;
  range: RangeName;
  step_seconds: number;
  from: number;
  to: number;
  /** Start of each step (Unix seconds). */
  t: number[];
  /** The objective's SLI in each step: the good share, or for a throughput floor the slowest pod's requests/s. */
  sli: Series;
  /** Remaining error budget (ratio of the period's) over the rolling period ending at each step. */
  budget_remaining: Series;
  requests_per_second: Series;
  errors_per_second: Series;
  latency: { p50: Series; p95: Series; p99: Series };
  ttft: { p50: Series; p95: Series; p99: Series };
  /** Requests per second of each pod. */
  throughput_by_pod: Record<string, Series>;
  /** The multi-window burn-rate pairs (SRE Workbook ch. 5) with their state now. */
  burn_pairs: BurnPairState[];
  /**
   * Burn rate (bad share / (1 - target); timeslices: bad slices / slices)
   * over each window of the burn pairs (long and short, keyed as in
   * `burn_pairs`), of the window ending at each step's end; the last point
   * is over the window ending now, equal to `status.burn_rates`. Empty for a
   * throughput floor.
   */
  burn_rates: Record<string, Series>;
}

/**
 * Where a pod stands in the gateway's rotation: `healthy` takes requests;
 * `ejected` is out by outlier detection until `ejected_until` (its probes may
 * pass); `unhealthy` is out until a probe passes (probes failing, a refused
 * connection, or a failed scrape). Unhealthy wins over ejected: such a pod
 * does not come back when its ejection ends.
 */
export type PodRotationState = 'healthy' | 'ejected' | 'unhealthy';

export interface PodInfo {
  environment: string;
  pod: string;
  models: string[];
  url: string;
  /** Its health probes pass (vllm_pod_up); an ejected pod can be healthy and still get no requests. */
  healthy: boolean;
  state: PodRotationState;
  /** ISO end of the outlier ejection in force; null when not ejected. */
  ejected_until: string | null;
  /** Times ejected, the multiplier of the base ejection time; null when not ejected. */
  ejections: number | null;
  /**
   * The environment's gateway routes to every pod, in rotation or not,
   * because too few are left (panic mode); null when unknown (pods only scraped).
   */
  panic: boolean | null;
  /** Requests open on it through the gateway; null when only scraped (unknown). */
  in_flight: number | null;
  /** ISO time of the last health probe, null before the first. */
  last_probe: string | null;
  last_probe_ok: boolean | null;
  /** Requests per second over the last 5 minutes. */
  requests_per_second: number;
  /** Why it is out of rotation: the probe or scrape error, or the ejection's "N server failures in a row (consecutive_5xx)". */
  eject_reason: string | null;
  /** Pods collected by scraping: the last successful scrape (ISO), null if none yet ("stale since"). */
  last_scrape_success?: string | null;
}

export interface PodsDocument {
  pods: PodInfo[];
}

export interface AlertInfo {
  alertname: string;
  severity: string;
  environment: string;
  labels: Record<string, string>;
  summary: string;
  state: 'pending' | 'firing' | 'resolved';
  /** ISO times. */
  active_since: string;
  resolved_at: string | null;
}

export interface AlertsDocument {
  firing: AlertInfo[];
  pending: AlertInfo[];
  /** Resolved in the last 24 hours, newest first. */
  resolved: AlertInfo[];
}
