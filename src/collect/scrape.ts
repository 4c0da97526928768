/**
 * One HTTP GET of a /metrics endpoint with undici: a deadline, a size cap,
 * and errors turned into short texts that never carry the URL's credentials
 * (reports and logs are read by more people than the scrape config).
 */
import { type Dispatcher, request } from 'undici';

/** The outcome of fetching one exposition. */
export type FetchResult = { ok: true; text: string } | { ok: false; error: string };

export interface FetchOptions {
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** Larger bodies are refused (a misdirected URL can stream forever). */
  maxBytes?: number;
}

/** vLLM's /metrics with every series of a busy server is a few hundred kB; this leaves ample room. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
/** Ask for the classic text format: both Python's prometheus_client and prom-client serve it by default. */
const ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';

/**
 * The URL as it may be shown: no user, password, query or fragment (a
 * query can carry a token). An unparsable URL is shown as "(invalid URL)".
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search === '' ? '' : '?…'}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Removes anything secret-looking of `url` from an error text. */
function scrub(text: string, url: URL): string {
  let out = text.split(url.href).join(redactUrl(url.href));
  for (const secret of [url.password, url.search.slice(1)])
    if (secret.length > 0) out = out.split(secret).join('…');
  return out;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // undici wraps socket errors; the cause says what happened (ECONNREFUSED, ENOTFOUND, ...).
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (err as { code?: unknown }).code;
  const message = cause?.message ?? err.message;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * GETs an exposition. Never throws: failures (refused, timed out, non-2xx,
 * too large) come back as `{ ok: false, error }`. Credentials in the URL
 * (http://user:pass@host/metrics) are sent as HTTP Basic authentication.
 */
export async function fetchExposition(url: string, opts: FetchOptions): Promise<FetchResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, error: 'invalid URL' };
  }
  const headers: Record<string, string> = { accept: ACCEPT };
  const plain = new URL(target.href);
  if (target.username !== '' || target.password !== '') {
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    plain.username = '';
    plain.password = '';
  }
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    const res = await request(plain, { method: 'GET', headers, signal, dispatcher: opts.dispatcher });
    if (res.statusCode < 200 || res.statusCode > 299) {
      await res.body.dump();
      return { ok: false, error: `HTTP ${res.statusCode}` };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > maxBytes) {
        res.body.destroy();
        return { ok: false, error: `response larger than ${maxBytes} bytes` };
      }
      chunks.push(buf);
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  } catch (err) {
    if (signal.aborted) return { ok: false, error: `timed out after ${opts.timeoutMs} ms` };
    return { ok: false, error: scrub(describe(err), target) };
  }
}
