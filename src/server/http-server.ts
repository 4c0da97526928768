/**
 * `vllm-slo serve`'s HTTP server: the v1 JSON API and the UI's assets, over
 * a source (the embedded store or Prometheus). Binds 127.0.0.1 unless told
 * otherwise; anywhere else it requires a token (access.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertsDocument, ApiErrorCode, PodInfo } from '../api/index.ts';
import { API_ERROR_CODES, API_PREFIX } from '../api/index.ts';
import { type SloSource, SourceError } from '../sources/index.ts';
import type { SloSpec } from '../spec/index.ts';
import { escapeHtml } from '../ui/index.ts';
import { checkAccess, isLoopback, newToken } from './access.ts';
import { type ApiContext, apiRoute, StatusCache } from './api-routes.ts';
import { decodable } from './request-guard.ts';
import { uiViewLocation } from './ui-paths.ts';

/** The server could not listen: the address is taken or not allowed. */
export class ServerError extends Error {
  constructor(
    readonly code: 'port_in_use' | 'port_forbidden',
    readonly address: string,
    readonly expected: string,
  ) {
    super(
      code === 'port_in_use'
        ? `${address} is already in use (expected ${expected})`
        : `${address} may not be bound by this user (expected ${expected})`,
    );
    this.name = 'ServerError';
  }
}

export type UiAssets = Map<string, { body: Buffer; contentType: string }>;

export interface ServerOptions {
  spec: SloSpec;
  /** Where the numbers come from: the embedded store or a Prometheus-compatible server. */
  source: SloSource;
  /** Default 127.0.0.1. Anything else requires a token. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Required on every request when set; generated when the host is not loopback and none is given. */
  token?: string;
  pods?: () => PodInfo[] | Promise<PodInfo[]>;
  alerts?: () => AlertsDocument | Promise<AlertsDocument>;
  /** The UI's files by path ('/', '/assets/app.js', ...); without it only the API is served. */
  assets?: () => Promise<UiAssets>;
  now?: () => number;
  refreshSeconds?: number;
  version?: string;
  /** Told about requests that failed inside the server (500s), without request bodies. */
  onError?: (err: unknown, path: string) => void;
}

export interface RunningServer {
  url: string;
  /** The access token in force, if any. */
  token: string | undefined;
  /** True when the server generated the token (print it once); one given by the caller is never printed. */
  tokenGenerated: boolean;
  stop(): Promise<void>;
}

const SECURITY_HEADERS = {
  // uPlot sets inline styles on its elements; scripts only from this origin.
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** A plain page for a refused browser request (no script: the CSP allows none inline). */
function deniedPage(message: string): string {
  const text = escapeHtml(message);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>vllm-slo: access denied</title></head><body><h1>vllm-slo</h1><p>${text}</p></body></html>`;
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string, cache = 'no-store') {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': cache });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** An ApiError with its code's status (API_ERROR_CODES). */
function sendError(res: ServerResponse, code: ApiErrorCode, message: string): void {
  sendJson(res, API_ERROR_CODES[code], { error: { code, message } });
}

/**
 * A source that cannot answer (Prometheus unreachable, refusing, a failed
 * query) is the upstream's failure, 502 with its message, which names no
 * secret; anything else is this server's, 500. The message only: no stack.
 */
function sendFailure(res: ServerResponse, err: unknown): void {
  if (err instanceof SourceError) sendError(res, 'source_error', err.message);
  else sendError(res, 'internal', err instanceof Error ? err.message : String(err));
}

/** Starts the server; resolves once it listens. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const token = opts.token ?? (loopback ? undefined : newToken());
  const ctx: ApiContext = {
    spec: opts.spec,
    source: opts.source,
    version: opts.version ?? '0.1.0',
    refreshSeconds: opts.refreshSeconds ?? 15,
    now: opts.now ?? Date.now,
    pods: opts.pods ?? (() => []),
    alerts: opts.alerts ?? (() => ({ firing: [], pending: [], resolved: [] })),
  };
  const cache = new StatusCache(ctx);
  let assets: Promise<UiAssets> | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const access = checkAccess(req, url, token, loopback);
    if (access.kind === 'deny') {
      // A person opening a page gets a page that says what to do; programs get the JSON error.
      if (!url.pathname.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html'))
        return send(res, access.status, 'text/html; charset=utf-8', deniedPage(access.message));
      return sendError(res, access.code, access.message);
    }
    if (access.kind === 'login') {
      res.writeHead(303, { ...SECURITY_HEADERS, location: access.location, 'set-cookie': access.cookie });
      res.end();
      return;
    }
    if (!decodable(url.pathname))
      return sendError(res, 'bad_path', 'the path has a malformed percent-encoding');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendError(res, 'method_not_allowed', `${req.method} is not allowed; the API is read-only`);
    }
    if (url.pathname.startsWith(`${API_PREFIX}/`) || url.pathname === API_PREFIX) {
      const r = await apiRoute(ctx, cache, url.pathname.slice(API_PREFIX.length), url.searchParams);
      return sendJson(res, r.status, r.body);
    }
    if (url.pathname.startsWith('/api/'))
      return sendError(res, 'not_found', `no API route ${url.pathname}; the API is ${API_PREFIX}/`);
    if (!opts.assets) return sendError(res, 'no_ui', `this server serves only ${API_PREFIX}/`);
    assets ??= opts.assets();
    const files = await assets;
    const file = files.get(url.pathname);
    if (!file) {
      const view = uiViewLocation(url.pathname, url.search);
      if (!view) return send(res, 404, 'text/plain; charset=utf-8', `no page ${url.pathname}\n`);
      res.writeHead(303, { ...SECURITY_HEADERS, location: view });
      res.end();
      return;
    }
    send(
      res,
      200,
      file.contentType,
      file.body,
      url.pathname.startsWith('/assets/') ? 'max-age=300' : 'no-store',
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.onError?.(err, req.url ?? '');
      if (!res.headersSent) sendFailure(res, err);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES'
          ? new ServerError(
              err.code === 'EADDRINUSE' ? 'port_in_use' : 'port_forbidden',
              `${host}:${opts.port ?? 0}`,
              err.code === 'EADDRINUSE' ? 'a free port' : 'a port this user may bind',
            )
          : err,
      ),
    );
    server.listen(opts.port ?? 0, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    token,
    tokenGenerated: token !== undefined && opts.token === undefined,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
