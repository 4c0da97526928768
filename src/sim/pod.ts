/**
 * One simulated vLLM pod: an HTTP server with vLLM's OpenAI routes, /health,
 * /metrics and an admin endpoint for faults, over its own scheduler. A hard
 * outage closes the listening socket (connections are refused) and reopens
 * it on the same port when the outage ends.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostAllowed } from '../net/index.ts';
import { realClock, type SimClock } from './clock.ts';
import { handleCompletion, type PodContext } from './completion-handler.ts';
import { Engine } from './engine.ts';
import { parseFaultPatch } from './fault-schedule.ts';
import { type FaultPatch, Faults, type ScheduledFault } from './faults.ts';
import { isJsonType, readJson, sendError, sendJson } from './http-util.ts';
import { modelList } from './openai-format.ts';
import type { ModelProfile } from './profiles.ts';
import { seededRng } from './rng.ts';
import { VllmMetrics } from './vllm-metrics.ts';

export interface PodOptions {
  /** Pod name, e.g. vllm-production-0. */
  name: string;
  profile: ModelProfile;
  /** Served model name; the profile's model by default. */
  model?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clock?: SimClock;
  seed?: number;
  /** Faults from the start (flags). */
  faults?: FaultPatch;
  /** Unhealthy (503) for this many simulated seconds after start, like a pod loading weights. */
  slowStartSeconds?: number;
  schedule?: readonly ScheduledFault[];
}

const ROUTES = new Set([
  '/v1/models',
  '/v1/completions',
  '/v1/chat/completions',
  '/health',
  '/metrics',
  '/admin/faults',
]);

export class SimPod {
  readonly name: string;
  readonly model: string;
  readonly engine: Engine;
  readonly faults: Faults;
  readonly metrics: VllmMetrics;
  private readonly server: Server;
  private readonly ctx: PodContext;
  private readonly host: string;
  private port: number;
  private listening = false;
  private stopped = false;
  private readonly created = Math.floor(Date.now() / 1000);
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: PodOptions) {
    const clock = options.clock ?? realClock();
    const rng = seededRng(options.seed ?? 0x5eed);
    this.name = options.name;
    this.model = options.model ?? options.profile.model;
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.faults = new Faults(clock, rng.fork(), options.faults);
    this.engine = new Engine(options.profile, clock, {
      latencyMultiplier: () => this.faults.settings().latencyMultiplier,
    });
    this.metrics = new VllmMetrics({ modelName: this.model, stats: () => this.engine.stats() });
    this.ctx = {
      model: this.model,
      clock,
      engine: this.engine,
      faults: this.faults,
      metrics: this.metrics,
      rng,
      hung: new Set(),
    };
    this.server = createServer((req, res) => this.route(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  /** Starts listening; resolves with the pod's base URL. */
  async start(): Promise<string> {
    await this.listen();
    const s = this.options.slowStartSeconds ?? 0;
    if (s > 0) this.faults.apply({ unhealthy: true }, s * 1000);
    if (this.options.schedule) this.faults.startSchedule(this.options.schedule);
    this.unsubscribe = this.faults.onChange((f) => {
      // Deferred: the change may come from an admin request whose answer must go out first.
      setImmediate(() => {
        if (f.outage && this.listening) this.unlisten();
        else if (!f.outage && !this.listening && !this.stopped) void this.listen();
      });
    });
    return this.url;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** Stops everything: the schedule, the engine, open and hung connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.faults.stop();
    this.engine.stop();
    for (const res of this.ctx.hung) res.destroy();
    if (this.listening) this.unlisten();
    this.server.closeAllConnections();
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      // A deep accept queue: 5,000 clients connecting at once overflowed the default 511 (bench/sim-bench.ts).
      this.server.listen({ port: this.port, host: this.host, backlog: 4096 }, () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  private unlisten(): void {
    this.listening = false;
    this.server.close();
    // A hard outage: established connections die too, as when a pod's process is killed.
    this.server.closeAllConnections();
    for (const res of this.ctx.hung) res.destroy();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    if (ROUTES.has(path) && path.startsWith('/v1/')) {
      res.on('close', () => {
        if (res.headersSent) this.metrics.countHttp(path, method, res.statusCode);
      });
    }
    void this.dispatch(path, method, req, res).catch((err: unknown) => {
      sendError(res, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private async dispatch(
    path: string,
    method: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    if (path === '/health' && method === 'GET') {
      const ok = !this.faults.settings().unhealthy;
      res.writeHead(ok ? 200 : 503, { 'content-length': 0 });
      res.end();
      return;
    }
    if (path === '/metrics' && method === 'GET') {
      const text = await this.metrics.text();
      res.writeHead(200, { 'content-type': this.metrics.contentType });
      res.end(text);
      return;
    }
    if (path === '/v1/models' && method === 'GET')
      return sendJson(res, 200, modelList(this.model, this.created, this.engine.profile.maxModelLen));
    if (path === '/v1/chat/completions' && method === 'POST')
      return handleCompletion(this.ctx, 'chat', req, res);
    if (path === '/v1/completions' && method === 'POST')
      return handleCompletion(this.ctx, 'completions', req, res);
    if (path === '/admin/faults') return this.admin(method, req, res);
    sendError(res, 404, `no route for ${method} ${path}`);
  }

  /**
   * GET shows the faults, POST applies a patch (optionally for a duration),
   * DELETE resets them. Like serve, only under a loopback Host name when bound
   * to loopback (a web page cannot reach it by DNS rebinding), and a POST only
   * as application/json, which a page cannot send cross-origin without a
   * CORS preflight this server never grants (text/plain could).
   */
  private async admin(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, this.host)) {
      req.resume();
      return sendError(res, 403, 'the admin endpoint answers only to localhost or 127.0.0.1');
    }
    if (method === 'POST' && !isJsonType(req.headers['content-type'])) {
      req.resume();
      return sendError(res, 415, 'the admin endpoint takes Content-Type: application/json');
    }
    if (method === 'GET')
      return sendJson(res, 200, { settings: this.faults.settings(), active: this.faults.active() });
    if (method === 'DELETE') {
      this.faults.reset();
      return sendJson(res, 200, { settings: this.faults.settings() });
    }
    if (method !== 'POST') return sendError(res, 404, `no route for ${method} /admin/faults`);
    const body = await readJson(req);
    if (!body.ok) return sendError(res, body.status, body.message);
    const patch = parseFaultPatch(body.value, 'body');
    if (!patch.ok) return sendError(res, 400, patch.problems.join('; '));
    const applied = this.faults.apply(patch.patch, patch.durationMs);
    sendJson(res, 200, { applied, settings: this.faults.settings() });
  }
}
