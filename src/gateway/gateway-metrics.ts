/**
 * The gateway's /metrics: exactly DESIGN.md's metric contract, with
 * prom-client on a registry of its own. Histogram buckets include every
 * latency and TTFT threshold of the spec, so "P95 < 3 s" is counted, not
 * interpolated (vLLM's own buckets have no 3 s or 6 s bound).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { countsForLatency, ERROR_CLASS_OF } from '../engine/index.ts';
import type { RequestMeasurement } from './measurement.ts';

/** Request duration bounds (seconds) before the spec's thresholds are added. */
export const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 60, 120, 300];
/** TTFT bounds (seconds); 0.5 is the guide's TTFT objective. */
export const TTFT_BUCKETS = [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];
/** Inter-token gaps (seconds): vLLM's own inter-token buckets up to 10 s. */
export const ITL_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10];

/** Sorted union of bucket bounds, without duplicates. */
export function withThresholds(base: readonly number[], thresholds: readonly number[]): number[] {
  return [...new Set([...base, ...thresholds])].sort((a, b) => a - b);
}

/** Why the gateway refused a request itself (`reason` of vllm_gateway_rejections_total). */
export type RejectionReason = 'invalid_json' | 'body_too_large' | 'unknown_route';
export const REJECTION_REASONS: readonly RejectionReason[] = [
  'invalid_json',
  'body_too_large',
  'unknown_route',
];

const LABELS = ['environment', 'model', 'pod'] as const;
type Label = (typeof LABELS)[number];

/** The metric children of one (environment, model, pod). */
export interface SeriesMetrics {
  readonly requests: Counter.Internal;
  readonly cancellations: Counter.Internal;
  readonly duration: Histogram.Internal<Label>;
  readonly ttft: Histogram.Internal<Label>;
  readonly itl: Histogram.Internal<Label>;
  readonly promptTokens: Counter.Internal;
  readonly generationTokens: Counter.Internal;
  readonly inFlight: Gauge.Internal<Label>;
  /** The vllm_errors_total child of one class and type (made on first use). */
  error(errorClass: string, errorType: string): Counter.Internal;
}

export interface GatewayMetricsOptions {
  environment: string;
  latencyThresholds: readonly number[];
  ttftThresholds: readonly number[];
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<(typeof LABELS)[number]>;
  private readonly errors: Counter<(typeof LABELS)[number] | 'error_class' | 'error_type'>;
  private readonly duration: Histogram<(typeof LABELS)[number]>;
  private readonly ttft: Histogram<(typeof LABELS)[number]>;
  private readonly itl: Histogram<(typeof LABELS)[number]>;
  private readonly promptTokens: Counter<(typeof LABELS)[number]>;
  private readonly generationTokens: Counter<(typeof LABELS)[number]>;
  private readonly inFlight: Gauge<(typeof LABELS)[number]>;
  private readonly cancellations: Counter<(typeof LABELS)[number]>;
  private readonly podUp: Gauge<'environment' | 'pod'>;
  private readonly authRejections: Counter<'environment'>;
  private readonly rejections: Counter<'environment' | 'reason'>;
  private readonly inspectionSkipped: Counter<'environment'>;
  /** Children by model, then pod. */
  private readonly children = new Map<string, Map<string, SeriesMetrics>>();

  constructor(private readonly options: GatewayMetricsOptions) {
    const registers = [this.registry];
    const labelNames = [...LABELS];
    this.requests = new Counter({
      name: 'vllm_requests_total',
      help: 'Finished requests, errors included.',
      labelNames,
      registers,
    });
    this.errors = new Counter({
      name: 'vllm_errors_total',
      help: 'Failed requests by error class (client, server) and type.',
      labelNames: [...LABELS, 'error_class', 'error_type'],
      registers,
    });
    this.duration = new Histogram({
      name: 'vllm_request_duration_seconds',
      help: 'Request received to response finished, as the client sees it; successful requests only.',
      labelNames,
      buckets: withThresholds(DURATION_BUCKETS, options.latencyThresholds),
      registers,
    });
    this.ttft = new Histogram({
      name: 'vllm_time_to_first_token_seconds',
      help: 'Request received to first generated token (streaming) or whole response (not streaming); successful requests only.',
      labelNames,
      buckets: withThresholds(TTFT_BUCKETS, options.ttftThresholds),
      registers,
    });
    this.itl = new Histogram({
      name: 'vllm_inter_token_latency_seconds',
      help: 'Gaps between streamed tokens of successful requests.',
      labelNames,
      buckets: ITL_BUCKETS,
      registers,
    });
    this.promptTokens = new Counter({
      name: 'vllm_prompt_tokens_total',
      help: 'Prompt tokens, from the response usage.',
      labelNames,
      registers,
    });
    this.generationTokens = new Counter({
      name: 'vllm_generation_tokens_total',
      help: 'Generated tokens, from the response usage.',
      labelNames,
      registers,
    });
    this.inFlight = new Gauge({
      name: 'vllm_requests_in_flight',
      help: 'Open requests.',
      labelNames,
      registers,
    });
    this.cancellations = new Counter({
      name: 'vllm_client_cancellations_total',
      help: 'Requests the client abandoned before the response finished; not errors.',
      labelNames,
      registers,
    });
    this.authRejections = new Counter({
      name: 'vllm_gateway_auth_rejections_total',
      help: "Requests refused by the gateway's own API-key check; never requests, errors or SLI events.",
      labelNames: ['environment'],
      registers,
    });
    this.authRejections.inc({ environment: options.environment }, 0);
    this.rejections = new Counter({
      name: 'vllm_gateway_rejections_total',
      help: 'Requests the gateway itself refused as malformed (reason: invalid_json, body_too_large, unknown_route); never requests, errors or SLI events.',
      labelNames: ['environment', 'reason'],
      registers,
    });
    for (const reason of REJECTION_REASONS)
      this.rejections.inc({ environment: options.environment, reason }, 0);
    this.inspectionSkipped = new Counter({
      name: 'vllm_gateway_inspection_skipped_total',
      help: 'Streams relayed uninspected from the point an event grew past the inspection limit (tokens and usage not counted from there).',
      labelNames: ['environment'],
      registers,
    });
    this.inspectionSkipped.inc({ environment: options.environment }, 0);
    this.podUp = new Gauge({
      name: 'vllm_pod_up',
      help: "1 if the pod's last health probe passed, else 0.",
      labelNames: ['environment', 'pod'],
      registers,
    });
  }

  /**
   * The children of one (model, pod): `.labels()` is resolved once per
   * series, not with a fresh label object on every request and token.
   * Model labels are bounded (served or spec models, else "other"), so the
   * cache is too.
   */
  series(model: string, pod: string): SeriesMetrics {
    let byPod = this.children.get(model);
    if (!byPod) {
      byPod = new Map();
      this.children.set(model, byPod);
    }
    let set = byPod.get(pod);
    if (!set) {
      set = this.makeSeries(model, pod);
      byPod.set(pod, set);
    }
    return set;
  }

  /** Records one finished (or cancelled) request. */
  record(m: RequestMeasurement): void {
    const s = this.series(m.model, m.pod);
    if (m.cancelled) {
      s.cancellations.inc();
      // Abandoned after waiting longer than every latency threshold: slow for that user (engine's abandonedSlow).
      if (m.abandonedSlow) s.duration.observe(m.durationMs / 1000);
      return;
    }
    s.requests.inc();
    if (m.errorClass && m.errorType) s.error(m.errorClass, m.errorType).inc();
    // Latency and TTFT histograms hold successful requests only; a failure is in requests and errors.
    if (countsForLatency(m)) {
      s.duration.observe(m.durationMs / 1000);
      if (m.ttftMs !== undefined) s.ttft.observe(m.ttftMs / 1000);
    }
    // Inter-token gaps are observed by the relay when a request succeeds (GapTally), not here.
    if (m.promptTokens) s.promptTokens.inc(m.promptTokens);
    if (m.completionTokens) s.generationTokens.inc(m.completionTokens);
  }

  /**
   * Creates a model's series of a pod at zero, so Prometheus's increase() and
   * rate() see every counter from its start (Prometheus, "Instrumentation":
   * avoid missing metrics) and the first error of a kind is not lost: a
   * collector takes a series it has not seen before as a baseline unless it
   * knows it is new (src/collect/deltas.ts), so every series, histograms
   * included, must exist before its first event.
   */
  initSeries(model: string, pod: string): void {
    const s = this.series(model, pod);
    const labels = { environment: this.options.environment, model, pod };
    for (const h of [this.duration, this.ttft, this.itl]) h.zero(labels);
    s.requests.inc(0);
    s.cancellations.inc(0);
    s.promptTokens.inc(0);
    s.generationTokens.inc(0);
    s.inFlight.inc(0);
    for (const [errorType, errorClass] of Object.entries(ERROR_CLASS_OF))
      s.error(errorClass, errorType).inc(0);
  }

  /** Counts a request refused by the gateway's own API-key check. */
  authRejected(): void {
    this.authRejections.inc({ environment: this.options.environment });
  }

  /** Counts a request the gateway refused itself as malformed. */
  rejected(reason: RejectionReason): void {
    this.rejections.inc({ environment: this.options.environment, reason });
  }

  /** Counts a stream relayed uninspected past the inspection limit. */
  skippedInspection(): void {
    this.inspectionSkipped.inc({ environment: this.options.environment });
  }

  /** Sets vllm_pod_up for a pod. */
  setPodUp(pod: string, up: boolean): void {
    this.podUp.set({ environment: this.options.environment, pod }, up ? 1 : 0);
  }

  private makeSeries(model: string, pod: string): SeriesMetrics {
    const env = this.options.environment;
    const errors = new Map<string, Counter.Internal>();
    return {
      requests: this.requests.labels(env, model, pod),
      cancellations: this.cancellations.labels(env, model, pod),
      duration: this.duration.labels(env, model, pod),
      ttft: this.ttft.labels(env, model, pod),
      itl: this.itl.labels(env, model, pod),
      promptTokens: this.promptTokens.labels(env, model, pod),
      generationTokens: this.generationTokens.labels(env, model, pod),
      inFlight: this.inFlight.labels(env, model, pod),
      error: (errorClass, errorType) => {
        const key = `${errorClass}/${errorType}`;
        let child = errors.get(key);
        if (!child) {
          child = this.errors.labels(env, model, pod, errorClass, errorType);
          errors.set(key, child);
        }
        return child;
      },
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
