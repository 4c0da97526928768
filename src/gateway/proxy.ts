/**
 * One metered completion request through the gateway: read and check the
 * body, pick a pod (retrying once elsewhere only if the request never
 * reached the first: its connection could not be set up),
 * forward, pass the response through chunk by chunk while measuring it, and
 * hand the measurement to the metrics and the sink.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readClientBody, upstreamHeaders } from './body.ts';
import type { PodRoute } from './pod-pool.ts';
import { type AttemptOutcome, type ClientWatch, Relay } from './relay.ts';
import { sendGatewayError } from './replies.ts';
import { type Draft, draft, finish, type ProxyContext } from './request-draft.ts';
import { TotalTimeoutError } from './timeouts.ts';
import { withUsageRequested } from './usage-request.ts';

/** Handles POST /v1/chat/completions and /v1/completions. */
export async function proxyCompletion(
  ctx: ProxyContext,
  api: 'chat' | 'completions',
  req: IncomingMessage,
  res: ServerResponse,
) {
  const d = draft(ctx, req, api);
  if (!ctx.authorised(req)) {
    // The gateway's own key check: not a request to the service, so never in requests, errors or the SLIs.
    ctx.metrics.authRejected();
    req.resume();
    sendGatewayError(res, 401, 'missing or wrong API key', d.requestId);
    return;
  }
  const body = await readClientBody(req, ctx.bodyLimit);
  if (!body.ok) {
    // The gateway's own refusal of a malformed request: the service never saw it, so no request, error or SLI event.
    ctx.metrics.rejected(body.status === 413 ? 'body_too_large' : 'invalid_json');
    sendGatewayError(res, body.status, body.message, d.requestId);
    return;
  }
  d.model = ctx.modelLabel(body.json.model);
  d.stream = body.json.stream === true;
  // Usage is asked for (and its chunk removed again by the relay) only where that changes nothing else.
  const asked = d.stream ? withUsageRequested(body.raw, body.json) : undefined;
  const payload = asked ?? body.raw;
  const injectUsage = asked !== undefined;
  const watch: ClientWatch = { gone: false, relay: undefined };
  res.on('close', () => {
    if (!res.writableFinished) {
      watch.gone = true;
      watch.relay?.clientClosed();
    }
  });
  const tried = new Set<string>();
  for (let attempt = 0; attempt < 2; attempt++) {
    const pod = ctx.pool.pickRoute(tried);
    if (!pod) {
      d.status = 503;
      sendGatewayError(res, 503, `no healthy upstream pod in ${ctx.environment}`, d.requestId);
      return finish(ctx, d);
    }
    tried.add(pod.name);
    d.pod = pod.name;
    // vLLM serves a request without a model (absent, null or "") with its served model
    // (protocol.py `model: str | None = None`, serving_engine.py _is_model_supported): so is it labelled.
    if (namesNoModel(body.json.model)) d.model = ctx.servedModel(pod.name) ?? d.model;
    const outcome = await forward(ctx, d, pod, req, res, payload, injectUsage, watch);
    if (outcome !== 'retry') return;
    d.retried = true;
  }
  d.status = 503;
  sendGatewayError(res, 503, 'upstream pods refused the connection', d.requestId);
  finish(ctx, d);
}

/** A request body's `model` that names no model, which vLLM answers with the served one. */
function namesNoModel(model: unknown): boolean {
  return model === undefined || model === null || model === '';
}

/** One attempt on one pod; 'retry' when the connection failed before any byte reached the client. */
async function forward(
  ctx: ProxyContext,
  d: Draft,
  pod: PodRoute,
  req: IncomingMessage,
  res: ServerResponse,
  payload: Buffer,
  injectUsage: boolean,
  watch: ClientWatch,
): Promise<AttemptOutcome> {
  ctx.pool.acquire(pod.name);
  const series = ctx.metrics.series(d.model, pod.name);
  series.inFlight.inc();
  let deadline: NodeJS.Timeout | undefined;
  try {
    const relay = new Relay(ctx, d, pod.name, series, res, injectUsage, watch);
    watch.relay = relay;
    const total = ctx.timeouts.totalMs;
    // The total deadline counts from the request's arrival, so a retry does not restart it.
    if (total !== undefined)
      deadline = setTimeout(
        () => relay.abort(new TotalTimeoutError(total)),
        Math.max(0, total - (performance.now() - d.started)),
      );
    const target = upstreamTarget(pod.url, req.url ?? '');
    ctx.dispatcher.dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: 'POST',
        headers: upstreamHeaders(req, d.requestId, payload.length),
        body: payload,
        headersTimeout: ctx.timeouts.responseMs,
        bodyTimeout: ctx.timeouts.idleMs,
      },
      relay,
    );
    return await relay.outcome;
  } finally {
    clearTimeout(deadline);
    watch.relay = undefined;
    ctx.pool.release(pod.name);
    series.inFlight.dec();
  }
}

interface Target {
  origin: string;
  path: string;
}

/** Parsed targets by pod URL + request path; the completion paths without a query repeat all the time. */
const targets = new Map<string, Target>();

/**
 * Origin and path of `podUrl + reqUrl`, as undici's request() would derive
 * them (WHATWG URL parsing, so a path prefix or odd query is normalised the
 * same way); cached, since parsing a URL per request is measurable.
 */
function upstreamTarget(podUrl: string, reqUrl: string): Target {
  const key = podUrl + reqUrl;
  const hit = targets.get(key);
  if (hit) return hit;
  const u = new URL(key);
  const target = { origin: u.origin, path: u.search ? `${u.pathname}${u.search}` : u.pathname };
  // Queries are the client's to vary: only the plain paths are kept, so the cache stays tiny.
  if (!reqUrl.includes('?') && targets.size < 1024) targets.set(key, target);
  return target;
}
