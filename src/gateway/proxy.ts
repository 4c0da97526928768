/**
 * One metered completion request through the gateway: read and check the
 * body, pick a pod (retrying once elsewhere if the connection is refused),
 * forward, pass the response through chunk by chunk while measuring it, and
 * hand the measurement to the metrics and the sink.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Dispatcher, request } from 'undici';
import { readClientBody, upstreamHeaders } from './body.ts';
import { classifyStatus, type ErrorKind, isConnectionFailure, isTimeout } from './classify.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import type { RequestMeasurement, RequestSink } from './measurement.ts';
import type { PodPool, PodStatus } from './pod-pool.ts';
import { relayResponse } from './relay.ts';
import { sendGatewayError } from './replies.ts';

export interface ProxyContext {
  environment: string;
  pool: PodPool;
  metrics: GatewayMetrics;
  sink: RequestSink | undefined;
  dispatcher: Dispatcher;
  timeoutMs: number;
  bodyLimit: number;
  /** Bounds the model label: served or spec models, else "other". */
  modelLabel(model: unknown): string;
  /** The client's own API key check (always true when the gateway has none). */
  authorised(req: IncomingMessage): boolean;
}

/** A measurement under construction. */
export type Draft = RequestMeasurement & { started: number };

function draft(ctx: ProxyContext, req: IncomingMessage, api: 'chat' | 'completions'): Draft {
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
    interTokenMs: [],
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
  const { started: _, ...m } = d;
  ctx.metrics.record(m);
  ctx.sink?.record(m);
}

/** Handles POST /v1/chat/completions and /v1/completions. */
export async function proxyCompletion(
  ctx: ProxyContext,
  api: 'chat' | 'completions',
  req: IncomingMessage,
  res: ServerResponse,
) {
  const d = draft(ctx, req, api);
  if (!ctx.authorised(req)) {
    d.status = 401;
    req.resume();
    sendGatewayError(res, 401, 'missing or wrong API key', d.requestId);
    return finish(ctx, d);
  }
  const body = await readClientBody(req, ctx.bodyLimit);
  if (!body.ok) {
    d.status = body.status;
    sendGatewayError(res, body.status, body.message, d.requestId);
    return finish(ctx, d);
  }
  d.model = ctx.modelLabel(body.json.model);
  d.stream = body.json.stream === true;
  let payload = body.raw;
  const options = body.json.stream_options as { include_usage?: unknown } | undefined | null;
  const injectUsage = d.stream && options?.include_usage !== true;
  if (injectUsage) {
    // Ask for usage so tokens are counted; the relay removes that chunk again.
    payload = Buffer.from(
      JSON.stringify({ ...body.json, stream_options: { ...(options ?? {}), include_usage: true } }),
    );
  }
  const abort = new AbortController();
  let clientGone = false;
  res.on('close', () => {
    if (!res.writableFinished) {
      clientGone = true;
      abort.abort();
    }
  });
  const tried = new Set<string>();
  for (let attempt = 0; attempt < 2; attempt++) {
    const pod = ctx.pool.pick(tried);
    if (!pod) {
      d.status = 503;
      sendGatewayError(res, 503, `no healthy upstream pod in ${ctx.environment}`, d.requestId);
      return finish(ctx, d);
    }
    tried.add(pod.name);
    d.pod = pod.name;
    const outcome = await forward(
      ctx,
      d,
      pod,
      req,
      res,
      payload,
      abort.signal,
      injectUsage,
      () => clientGone,
    );
    if (outcome !== 'retry') return;
    d.retried = true;
  }
  d.status = 503;
  sendGatewayError(res, 503, 'upstream pods refused the connection', d.requestId);
  finish(ctx, d);
}

/** One attempt on one pod; 'retry' when the connection failed before any byte reached the client. */
async function forward(
  ctx: ProxyContext,
  d: Draft,
  pod: PodStatus,
  req: IncomingMessage,
  res: ServerResponse,
  payload: Buffer,
  signal: AbortSignal,
  injectUsage: boolean,
  clientGone: () => boolean,
): Promise<'done' | 'retry'> {
  ctx.pool.acquire(pod.name);
  ctx.metrics.started(d.model, pod.name);
  try {
    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await request(`${pod.url}${req.url ?? ''}`, {
        method: 'POST',
        headers: { ...upstreamHeaders(req, d.requestId), 'content-length': String(payload.length) },
        body: payload,
        signal,
        dispatcher: ctx.dispatcher,
        headersTimeout: ctx.timeoutMs,
        bodyTimeout: ctx.timeoutMs,
      });
    } catch (err) {
      if (clientGone()) {
        d.cancelled = true;
        finish(ctx, d);
        return 'done';
      }
      if (isConnectionFailure(err)) {
        ctx.pool.markFailed(pod.name, (err as Error).message);
        return 'retry';
      }
      const timeout = isTimeout(err);
      d.status = timeout ? 504 : 502;
      sendGatewayError(
        res,
        d.status,
        timeout
          ? `upstream ${pod.name} timed out after ${ctx.timeoutMs} ms`
          : `upstream ${pod.name} failed: ${(err as Error).message}`,
        d.requestId,
      );
      finish(ctx, d);
      return 'done';
    }
    await relayResponse(ctx, d, upstream, res, injectUsage, clientGone);
    return 'done';
  } finally {
    ctx.pool.release(pod.name);
    ctx.metrics.ended(d.model, pod.name);
  }
}
