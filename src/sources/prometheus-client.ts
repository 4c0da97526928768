/**
 * A small client for the Prometheus HTTP API (/api/v1/query and
 * /api/v1/query_range), which Thanos, Mimir and VictoriaMetrics serve too.
 * Bearer token or basic auth; a timeout; clear errors when the server cannot
 * be reached or a query fails.
 */
import { request } from 'undici';
import { splitUrlCredentials } from '../net/index.ts';
import { SourceError } from './source.ts';

export interface PrometheusAuth {
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
}

export interface PrometheusClientOptions extends PrometheusAuth {
  /** Base URL, e.g. http://prometheus:9090 (a path prefix such as /prometheus is kept). */
  url: string;
  timeoutMs?: number;
}

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

export interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, number]>;
}

/** An alert as Prometheus's /api/v1/alerts lists it (rules it evaluates, pending or firing). */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
  /** ISO time the condition started holding. */
  activeAt: string;
}

interface ApiResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  errorType?: string;
  error?: string;
}

export class PrometheusClient {
  private readonly base: string;
  private readonly headers: Record<string, string> = { accept: 'application/json' };
  private readonly timeoutMs: number;

  constructor(options: PrometheusClientOptions) {
    // user:password in the URL is sent as basic auth and kept out of the base URL, which every error
    // message (stderr, the UI's 502 answer) names; Prometheus's own remote-read config keeps them out
    // of the URL too (basic_auth). Credentials from their flags win over those in the URL.
    const { base, credentials: fromUrl } = splitUrlCredentials(options.url);
    this.base = base;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const basicAuth = options.basicAuth ?? fromUrl;
    if (options.bearerToken) this.headers.authorization = `Bearer ${options.bearerToken}`;
    else if (basicAuth)
      this.headers.authorization = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`;
  }

  /** The base URL as messages and banners show it: never with credentials. */
  get url(): string {
    return this.base;
  }

  /** An instant query at `time` (ms since the epoch). */
  async instant(query: string, time: number): Promise<VectorSample[]> {
    const data = await this.call('/api/v1/query', { query, time: String(time / 1000) });
    if (data.resultType === 'scalar') {
      const [, v] = data.result as [number, string];
      return [{ metric: {}, value: Number(v) }];
    }
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({
      metric: r.metric,
      value: Number(r.value[1]),
    }));
  }

  /** A range query over [start, end] (ms) with a step (ms). */
  async range(query: string, start: number, end: number, stepMs: number): Promise<MatrixSeries[]> {
    const data = await this.call('/api/v1/query_range', {
      query,
      start: String(start / 1000),
      end: String(end / 1000),
      step: String(stepMs / 1000),
    });
    return (data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map(
      (r) => ({
        metric: r.metric,
        values: r.values.map(([t, v]) => [t * 1000, Number(v)] as [number, number]),
      }),
    );
  }

  /** The alerts of the rules the server evaluates (/api/v1/alerts). */
  async alerts(): Promise<PrometheusAlert[]> {
    const data = (await this.call('/api/v1/alerts', {}, 'GET')) as unknown as { alerts?: PrometheusAlert[] };
    return data.alerts ?? [];
  }

  private async call(
    path: string,
    params: Record<string, string>,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<{ resultType: string; result: unknown }> {
    const url = `${this.base}${path}`;
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, {
        method,
        headers:
          method === 'POST'
            ? { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' }
            : this.headers,
        ...(method === 'POST' ? { body: new URLSearchParams(params).toString() } : {}),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const why = code.includes('TIMEOUT') ? `no answer within ${this.timeoutMs} ms` : (err as Error).message;
      throw new SourceError('unreachable', `cannot reach Prometheus at ${this.base}: ${why}`);
    }
    const text = await res.body.text();
    let body: ApiResponse | undefined;
    try {
      body = JSON.parse(text) as ApiResponse;
    } catch {
      body = undefined;
    }
    if (res.statusCode === 401 || res.statusCode === 403)
      throw new SourceError(
        'unauthorized',
        `Prometheus at ${this.base} refused the credentials (HTTP ${res.statusCode})`,
      );
    if (body?.status !== 'success' || !body.data) {
      const reason = body?.error
        ? `${body.errorType ?? 'error'}: ${body.error}`
        : `HTTP ${res.statusCode}: ${text.slice(0, 200)}`;
      throw new SourceError('query_failed', `Prometheus query failed (${reason})`, params.query);
    }
    return body.data;
  }
}
