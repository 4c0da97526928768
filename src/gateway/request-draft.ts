/**
 * The state one metered request carries through the gateway: the
 * environment's context (pool, metrics, sink, timeouts), the measurement
 * being built, and its one ending (finish). Shared by proxy.ts, which starts
 * a request, and relay.ts, which passes the response through; apart from
 * both so neither imports the other.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Dispatcher } from 'undici';
import { abandonedSlow, classifyStatus, type ErrorKind } from '../engine/index.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import type { RequestMeasurement, RequestSink } from './measurement.ts';
import type { UpstreamOutcome } from './outlier-detector.ts';
import type { PodPool } from './pod-pool.ts';
import type { RequestEvent } from './request-log.ts';
import type { GatewayTimeouts } from './timeouts.ts';

/** What every request of one environment's gateway shares. */
export interface ProxyContext {
  environment: string;
  pool: PodPool;
  metrics: GatewayMetrics;
  sink: RequestSink | undefined;
  dispatcher: Dispatcher;
  timeouts: GatewayTimeouts;
  /** The environment's latency thresholds (seconds): a client that waited past all of them saw a slow request. */
  latencyThresholds: readonly number[];
  bodyLimit: number;
  /** Bounds the model label: served or spec models, else "other". */
  modelLabel(model: unknown): string;
  /**
   * The model a pod answers a request that names none with (vLLM: its first
   * served model name); undefined before its models are known.
   */
  servedModel(pod: string): string | undefined;
  /** The client's own API key check (always true when the gateway has none). */
  authorised(req: IncomingMessage): boolean;
  /** One attempt on a pod ended (vllm_upstream_attempts_total and outlier detection). */
  attempted(pod: string, outcome: UpstreamOutcome): void;
  /** A log line about a request (rate-limited by the gateway). */
  log(event: RequestEvent): void;
}

/** A measurement under construction. */
export type Draft = RequestMeasurement & { started: number };

/** The measurement of a request that just arrived (its id from x-request-id when sane). */
export function draft(ctx: ProxyContext, req: IncomingMessage, api: 'chat' | 'completions'): Draft {
  const id = req.headers['x-request-id'];
  return {
    requestId: typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : randomUUID(),
    environment: ctx.environment,
    model: 'other',
    pod: '',
    api,
    stream: false,
    status: 0,
    errorClass: undefined,
    errorType: undefined,
    cancelled: false,
    receivedAt: Date.now(),
    durationMs: 0,
    ttftMs: undefined,
    promptTokens: undefined,
    completionTokens: undefined,
    retried: false,
    started: performance.now(),
  };
}

/** Finalises and records a measurement (exactly once per request). */
export function finish(ctx: ProxyContext, d: Draft, error?: ErrorKind): void {
  d.durationMs = performance.now() - d.started;
  const kind = error ?? (d.cancelled ? undefined : classifyStatus(d.status));
  d.errorClass = kind?.errorClass;
  d.errorType = kind?.errorType;
  if (d.cancelled && abandonedSlow(d.durationMs, ctx.latencyThresholds)) d.abandonedSlow = true;
  const { started: _, ...m } = d;
  ctx.metrics.record(m);
  ctx.sink?.record(m);
  if (kind)
    ctx.log({
      event: 'request_failed',
      request_id: d.requestId,
      model: d.model,
      pod: d.pod,
      status: d.status,
      error_class: kind.errorClass,
      error_type: kind.errorType,
      duration_ms: Math.round(d.durationMs),
    });
}
