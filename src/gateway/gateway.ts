/**
 * The metering gateway: an OpenAI-compatible reverse proxy in front of the
 * vLLM pods of one environment. Completion requests are measured and
 * exported with the metric contract of DESIGN.md; other /v1 routes pass
 * through unmeasured. Binds 127.0.0.1 unless told otherwise.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { clientHeaders, upstreamHeaders } from './body.ts';
import { setForwardedHeaders, type TrustedProxies } from './forward-headers.ts';
import { GatewayMetrics } from './gateway-metrics.ts';
import type { RequestSink } from './measurement.ts';
import {
  answeredOutcome,
  failedOutcome,
  type OutlierOptions,
  type UpstreamOutcome,
} from './outlier-detector.ts';
import type { GatewayEvent, GatewayLog, PodEvent } from './pod-events.ts';
import { PodMetrics } from './pod-metrics.ts';
import { PodPool, type PodTarget } from './pod-pool.ts';
import { proxyCompletion } from './proxy.ts';
import { requestIdOf, sendGatewayError } from './replies.ts';
import type { ProxyContext } from './request-draft.ts';
import { LogRateLimit, type RequestEvent, rateKey } from './request-log.ts';
import { normaliseRequestPath } from './request-path.ts';
import { type GatewayTimeouts, resolveTimeouts } from './timeouts.ts';

export interface GatewayOptions {
  environment: string;
  upstreams: readonly PodTarget[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Models named in the spec; with the pods' own, the only values the model label takes. */
  models?: readonly string[];
  latencyThresholds?: readonly number[];
  ttftThresholds?: readonly number[];
  /** Connect, response-header, idle and total timeouts; defaults TIMEOUT_DEFAULTS (Envoy's and nginx's). */
  timeouts?: Partial<GatewayTimeouts>;
  bodyLimitBytes?: number;
  /** Whose X-Forwarded-For is kept (forward-headers.ts); nobody's by default. */
  trustedProxies?: TrustedProxies;
  /** When set, clients must send `Authorization: Bearer <key>`. */
  apiKey?: string;
  probeIntervalMs?: number;
  /** Outlier detection and panic routing; defaults OUTLIER_DEFAULTS (Envoy's). */
  outlier?: OutlierOptions;
  /** Receives one event per pod state change and (rate-limited) per failed attempt and request; the CLI writes a JSON line each. */
  log?: GatewayLog;
  /** For tests: the pool's clock (ejection times, probe times); Date.now by default. */
  now?: () => number;
  sink?: RequestSink;
}

const COMPLETIONS: Record<string, 'chat' | 'completions'> = {
  '/v1/chat/completions': 'chat',
  '/v1/completions': 'completions',
};

export class Gateway {
  readonly metrics: GatewayMetrics;
  readonly pool: PodPool;
  private readonly podMetrics: PodMetrics;
  private readonly server: Server;
  private readonly dispatcher: Agent;
  private readonly ctx: ProxyContext;
  private readonly logLimit: LogRateLimit;
  private port: number;
  private readonly host: string;
  private readonly specModels: ReadonlySet<string>;

  /** @throws TimeoutOptionError, OutlierOptionError, UpstreamError for a bad option. */
  constructor(private readonly options: GatewayOptions) {
    const timeouts = resolveTimeouts(options.timeouts);
    // Idle connections close after 4 s (undici's default), before a pod's own keep-alive timeout
    // (uvicorn's 5 s) does: a request written to a connection the pod just closed is never resent.
    // keepAliveMaxTimeout caps a pod's `Keep-Alive: timeout=N` hint too (Node servers send 65 s;
    // undici would keep the connection for N - 2 s, up to its default 600 s).
    this.dispatcher = new Agent({
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 4_000,
      connections: null,
      connect: { timeout: timeouts.connectMs },
    });
    this.logLimit = new LogRateLimit(options.now ?? Date.now);
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.specModels = new Set(options.models ?? []);
    this.metrics = new GatewayMetrics({
      environment: options.environment,
      latencyThresholds: options.latencyThresholds ?? [],
      ttftThresholds: options.ttftThresholds ?? [],
    });
    this.podMetrics = new PodMetrics(this.metrics.registry, options.environment);
    for (const p of options.upstreams) this.podMetrics.initPod(p.name);
    this.pool = new PodPool({
      pods: options.upstreams,
      ...(options.probeIntervalMs !== undefined ? { probeIntervalMs: options.probeIntervalMs } : {}),
      ...(options.outlier ? { outlier: options.outlier } : {}),
      ...(options.now ? { now: options.now } : {}),
      onHealthChange: (p) => {
        this.metrics.setPodUp(p.name, p.healthy);
        for (const m of p.models) this.metrics.initSeries(m, p.name);
      },
      onEvent: (e) => this.podEvent(e),
    });
    this.ctx = {
      environment: options.environment,
      pool: this.pool,
      metrics: this.metrics,
      sink: options.sink,
      dispatcher: this.dispatcher,
      timeouts,
      latencyThresholds: options.latencyThresholds ?? [],
      bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024,
      modelLabel: (m) => this.modelLabel(m),
      servedModel: (pod) => this.pool.servedModel(pod),
      attempted: (pod, outcome) => this.attempted(pod, outcome),
      log: (e) => this.requestEvent(e),
      authorised: (req) => this.authorised(req),
    };
    this.server = createServer((req, res) => this.route(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  /** A client cannot blow up cardinality: unknown models are "other". */
  modelLabel(model: unknown): string {
    if (typeof model !== 'string') return 'other';
    return this.specModels.has(model) || this.pool.knownModels().has(model) ? model : 'other';
  }

  /** Probes the pods once, then listens; resolves with the gateway's URL. */
  async start(): Promise<string> {
    for (const p of this.options.upstreams) this.metrics.setPodUp(p.name, false);
    await this.pool.start();
    for (const p of this.pool.pods()) {
      this.metrics.setPodUp(p.name, p.healthy);
      for (const m of [...p.models, ...this.specModels]) this.metrics.initSeries(m, p.name);
    }
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      // A deep accept queue: 5,000 clients connecting at once overflowed the default 511 (bench).
      this.server.listen({ port: this.port, host: this.host, backlog: 4096 }, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
    return this.url;
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /**
   * Stops accepting, lets open requests (streams) finish within `deadlineMs`,
   * then closes what is left.
   */
  async stop(deadlineMs = 10_000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive connections go idle as their requests finish: close them as they do.
    const sweep = setInterval(() => this.server.closeIdleConnections(), 50);
    this.server.closeIdleConnections();
    const timer = setTimeout(() => this.server.closeAllConnections(), deadlineMs);
    await closed;
    clearInterval(sweep);
    clearTimeout(timer);
    await this.pool.stop();
    await this.dispatcher.close();
  }

  /** Open client connections (for health pages and leak tests). */
  connections(): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
    );
  }

  /** One attempt on a pod ended: counted, and fed to outlier detection. */
  private attempted(pod: string, outcome: UpstreamOutcome): void {
    this.podMetrics.attempt(pod, outcome);
    this.pool.report(pod, outcome);
  }

  private podEvent(e: PodEvent): void {
    if (e.event === 'pod_ejected') this.podMetrics.ejected(e.pod, e.reason);
    // Environment second, after the event's name: the order the log line reads in.
    const { event, ...rest } = e;
    this.options.log?.({ event, environment: this.options.environment, ...rest } as GatewayEvent);
  }

  /** A request event, rate-limited per kind and reason; the count held back rides on the next line. */
  private requestEvent(e: RequestEvent): void {
    if (!this.options.log) return;
    const suppressed = this.logLimit.admit(rateKey(e));
    if (suppressed === undefined) return;
    const { event, ...rest } = e;
    try {
      this.options.log({
        event,
        environment: this.options.environment,
        ...rest,
        ...(suppressed > 0 ? { suppressed } : {}),
      } as GatewayEvent);
    } catch {
      // Logging must not fail a request.
    }
  }

  private authorised(req: IncomingMessage): boolean {
    const key = this.options.apiKey;
    if (!key) return true;
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    const want = Buffer.from(`Bearer ${key}`);
    return given.length === want.length && timingSafeEqual(given, want);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    // Routed and forwarded in its normalised form only (request-path.ts): no `/v1/../admin` reaches a pod.
    const target = normaliseRequestPath(req.url ?? '/');
    if (!target.ok) {
      req.resume();
      sendGatewayError(res, 400, `invalid request path: ${target.message}`, requestIdOf(req));
      return;
    }
    req.url = target.target;
    setForwardedHeaders(req, this.options.trustedProxies ?? { kind: 'none' });
    const path = target.path;
    if (path === '/metrics' && req.method === 'GET') {
      void this.metrics.text().then((t) => {
        res.writeHead(200, { 'content-type': this.metrics.contentType });
        res.end(t);
      });
      return;
    }
    if (path === '/health' && req.method === 'GET') {
      const up = this.pool.pods().some((p) => p.healthy);
      res.writeHead(up ? 200 : 503, { 'content-length': 0 });
      res.end();
      return;
    }
    if (!path.startsWith('/v1/')) {
      this.metrics.rejected('unknown_route');
      sendGatewayError(res, 404, `no route for ${req.method} ${path}`, requestIdOf(req));
      return;
    }
    const api = COMPLETIONS[path];
    if (api && req.method === 'POST') {
      // Completion requests are metered; a refused API key only in vllm_gateway_auth_rejections_total.
      void proxyCompletion(this.ctx, api, req, res).catch((err: unknown) => {
        sendGatewayError(res, 500, `gateway error: ${err instanceof Error ? err.message : String(err)}`, '-');
      });
      return;
    }
    if (!this.authorised(req)) {
      this.metrics.authRejected();
      sendGatewayError(res, 401, 'missing or wrong API key', '-');
      return;
    }
    void this.passThrough(req, res);
  }

  /** Other /v1 routes (models, embeddings, ...) go to a healthy pod unmeasured. */
  private async passThrough(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pod = this.pool.pick();
    if (!pod)
      return sendGatewayError(res, 503, `no healthy upstream pod in ${this.options.environment}`, '-');
    try {
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const up = await request(`${pod.url}${req.url ?? ''}`, {
        method: (req.method ?? 'GET') as 'GET',
        headers: upstreamHeaders(req, '-'),
        ...(hasBody ? { body: req } : {}),
        dispatcher: this.dispatcher,
        headersTimeout: this.ctx.timeouts.responseMs,
        bodyTimeout: this.ctx.timeouts.idleMs,
      });
      res.writeHead(up.statusCode, clientHeaders(up.headers));
      this.attempted(pod.name, answeredOutcome(up.statusCode));
      for await (const chunk of up.body) res.write(chunk);
      res.end();
    } catch (err) {
      if (!res.headersSent) this.attempted(pod.name, failedOutcome(err));
      if (!res.headersSent)
        sendGatewayError(res, 502, `upstream ${pod.name} failed: ${(err as Error).message}`, '-');
      else res.destroy();
    }
  }
}
