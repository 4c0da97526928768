/**
 * The upstream vLLM pods: which ones the gateway fronts (`--upstream` values,
 * `URL` or `name=URL`) and the probe connection the pool keeps to each. Names
 * become the `pod` label of every metric, so they are checked here, once,
 * with errors a user can act on.
 */
import { Client } from 'undici';

/** One upstream vLLM pod. */
export interface PodTarget {
  /** The `pod` label: the given name, or host:port of the URL. */
  name: string;
  /** Base URL (scheme, host, port and an optional path prefix) without a trailing slash. */
  url: string;
}

export type UpstreamErrorCode =
  | 'no_upstreams'
  | 'invalid_upstream_url'
  | 'unsupported_upstream_scheme'
  | 'upstream_url_credentials'
  | 'upstream_url_query'
  | 'invalid_pod_name'
  | 'duplicate_pod_name'
  | 'duplicate_upstream_url';

/** A bad `--upstream` value; `code` tells which rule it broke, `value` is the offending input. */
export class UpstreamError extends Error {
  constructor(
    readonly code: UpstreamErrorCode,
    readonly value: string,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** A bare URL starts with a scheme; anything else is `name=URL`. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Kubernetes pod names and host:port (IPv6 in brackets) fit; spaces, quotes and `=` do not belong in a label value. */
const POD_NAME = /^[A-Za-z0-9[][A-Za-z0-9._:[\]-]*$/;

/**
 * Parses `--upstream` values: `http://127.0.0.1:8000` (named `127.0.0.1:8000`)
 * or `vllm-production-0=http://127.0.0.1:8000`.
 * @throws UpstreamError for no values, a URL that is not http(s), carries
 *   credentials, a query or a fragment, a bad name, or a duplicate name or URL.
 */
export function parseUpstreams(values: readonly string[]): PodTarget[] {
  if (values.length === 0)
    throw new UpstreamError('no_upstreams', '', 'at least one upstream pod is required');
  const targets: PodTarget[] = [];
  const byName = new Map<string, string>();
  const byUrl = new Map<string, string>();
  for (const raw of values) {
    const value = raw.trim();
    const eq = value.indexOf('=');
    const named = !SCHEME.test(value) && eq >= 0;
    const url = parseUrl(named ? value.slice(eq + 1).trim() : value, raw);
    const name = named ? value.slice(0, eq).trim() : url.defaultName;
    if (!POD_NAME.test(name))
      throw new UpstreamError(
        'invalid_pod_name',
        raw,
        `upstream ${JSON.stringify(raw)}: pod name ${JSON.stringify(name)} must start with a letter or digit and contain only letters, digits, '.', '_', ':' and '-'`,
      );
    const sameName = byName.get(name);
    if (sameName !== undefined)
      throw new UpstreamError(
        'duplicate_pod_name',
        raw,
        `upstream ${JSON.stringify(raw)}: pod name ${JSON.stringify(name)} is already used by ${JSON.stringify(sameName)}`,
      );
    const sameUrl = byUrl.get(url.url);
    // Two names for one pod would split its metrics and double its share of the load.
    if (sameUrl !== undefined)
      throw new UpstreamError(
        'duplicate_upstream_url',
        raw,
        `upstream ${JSON.stringify(raw)}: ${url.url} is already listed as ${JSON.stringify(sameUrl)}`,
      );
    byName.set(name, raw);
    byUrl.set(url.url, raw);
    targets.push({ name, url: url.url });
  }
  return targets;
}

function parseUrl(text: string, raw: string): { url: string; defaultName: string } {
  const where = `upstream ${JSON.stringify(raw)}`;
  let u: URL;
  try {
    // Without a scheme, "localhost:8000" would parse as scheme "localhost:".
    if (!SCHEME.test(text)) throw new TypeError('no scheme');
    u = new URL(text);
  } catch {
    throw new UpstreamError(
      'invalid_upstream_url',
      raw,
      `${where}: not a URL; expected http://host:port or name=http://host:port`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UpstreamError(
      'unsupported_upstream_scheme',
      raw,
      `${where}: scheme ${u.protocol} is not supported; use http or https`,
    );
  // The URL ends up in error messages and pod names; a password there would leak into logs and metrics.
  if (u.username !== '' || u.password !== '') {
    u.username = '';
    u.password = '';
    // Neither the message nor `value` repeats the credentials.
    const redacted = raw.replace(text, u.href);
    throw new UpstreamError(
      'upstream_url_credentials',
      redacted,
      `upstream ${JSON.stringify(redacted)}: credentials in the URL are not supported (vLLM authenticates with a bearer --api-key)`,
    );
  }
  if (u.search !== '' || u.hash !== '')
    throw new UpstreamError(
      'upstream_url_query',
      raw,
      `${where}: a query or fragment cannot be part of a base URL`,
    );
  const path = u.pathname.replace(/\/+$/, '');
  const port = u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
  return { url: `${u.protocol}//${u.host}${path}`, defaultName: `${u.hostname}:${port}` };
}

/** Probe errors are kept for status pages; an upstream's error text must not grow without bound. */
const MAX_ERROR_CHARS = 200;

type Body = { dump(): Promise<void>; json(): Promise<unknown> };

/**
 * The pool's one keep-alive connection to a pod, for /health and
 * /v1/models. Every request has connect, headers and body timeouts; errors
 * come back as text (the URL carries no credentials, parseUpstreams sees to it).
 */
export class ProbeConnection {
  private readonly client: Client;
  /** Path prefix of the URL (usually ""): the client itself only knows the origin. */
  private readonly base: string;

  constructor(
    url: string,
    private readonly timeoutMs: number,
    keepAliveMs: number,
  ) {
    const u = new URL(url);
    this.base = u.pathname.replace(/\/+$/, '');
    this.client = new Client(u.origin, {
      pipelining: 1,
      connect: { timeout: timeoutMs },
      keepAliveTimeout: keepAliveMs,
      // A pod's Keep-Alive hint may not stretch it either (see Gateway's dispatcher).
      keepAliveMaxTimeout: keepAliveMs,
    });
  }

  /** undefined when /health answered 2xx; otherwise why not. */
  health(): Promise<string | undefined> {
    return this.get('/health', (body) => body.dump());
  }

  /** The model ids listed on /v1/models, or why they could not be read. */
  async models(headers?: Readonly<Record<string, string>>): Promise<{ ids: string[] } | { error: string }> {
    let ids: string[] = [];
    const error = await this.get(
      '/v1/models',
      async (body) => {
        ids = modelIds(await body.json());
      },
      headers,
    );
    return error === undefined ? { ids } : { error };
  }

  /** Closes the connection; a request still running fails at once. */
  close(): Promise<void> {
    return this.client.destroy();
  }

  private async get(
    path: string,
    read: (body: Body) => Promise<void>,
    headers?: Readonly<Record<string, string>>,
  ): Promise<string | undefined> {
    try {
      const res = await this.client.request({
        method: 'GET',
        path: `${this.base}${path}`,
        headers: headers ? { ...headers } : undefined,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      if (res.statusCode < 200 || res.statusCode > 299) {
        // The body must be consumed or the keep-alive connection stays busy.
        await res.body.dump();
        return `${path} answered HTTP ${res.statusCode}`;
      }
      await read(res.body);
      return undefined;
    } catch (err) {
      return clipError(errorText(err));
    }
  }
}

/** `data[].id` of an OpenAI model list; anything else yields no models. */
function modelIds(body: unknown): string[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  const ids = data.map((m: unknown) => (m as { id?: unknown } | null)?.id);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
}

/** The error's code and message (e.g. "ECONNREFUSED: connect ECONNREFUSED 10.0.0.7:8000"). */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/** At most MAX_ERROR_CHARS of an error text. */
export function clipError(text: string): string {
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}
