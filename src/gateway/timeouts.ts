/**
 * The gateway's upstream timeouts, each a server `timeout` failure counted
 * against the pod: connecting, waiting for the response headers, the idle
 * time between two chunks of the body, and (only when configured) a total
 * deadline. The defaults follow the proxies operators know: Envoy's cluster
 * connect_timeout (5 s) and nginx's proxy_read_timeout (60 s, "between two
 * successive read operations"), used both for the headers and between chunks.
 */

export interface GatewayTimeouts {
  /** TCP (and TLS) connect to a pod. Envoy's connect_timeout default: 5 s. */
  connectMs: number;
  /**
   * Request sent to response headers. nginx's proxy_read_timeout default:
   * 60 s. A non-streamed completion sends its headers when it is done, so a
   * fleet serving long non-streamed completions needs more.
   */
  responseMs: number;
  /** Between two chunks of a response body (a stalled stream). nginx's proxy_read_timeout: 60 s. */
  idleMs: number;
  /** Request sent to last byte; undefined: no total deadline (the default, as nginx and Envoy's streams). */
  totalMs: number | undefined;
}

export const TIMEOUT_DEFAULTS: Readonly<GatewayTimeouts> = Object.freeze({
  connectMs: 5_000,
  responseMs: 60_000,
  idleMs: 60_000,
  totalMs: undefined,
});

/** Which timeout fired (the `timeout` field of the log line). */
export type TimeoutKind = 'connect' | 'response' | 'idle' | 'total';

/** Node's timers hold at most 2^31 - 1 ms; a longer value would fire at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** A timeout that is not a whole number of milliseconds from 1 to MAX_TIMEOUT_MS. */
export class TimeoutOptionError extends Error {
  readonly code = 'invalid_timeout';
  constructor(
    readonly option: string,
    readonly value: number,
    readonly expected = `from 1 ms to ${MAX_TIMEOUT_MS} ms (about 24 days)`,
  ) {
    super(`timeout ${option} must be ${expected}, got ${value}`);
    this.name = 'TimeoutOptionError';
  }
}

/**
 * The defaults with `given` over them.
 * @throws TimeoutOptionError for a value that is not a positive whole number of ms a timer can hold.
 */
export function resolveTimeouts(given: Partial<GatewayTimeouts> = {}): GatewayTimeouts {
  const t: GatewayTimeouts = { ...TIMEOUT_DEFAULTS };
  for (const key of ['connectMs', 'responseMs', 'idleMs', 'totalMs'] as const) {
    const v = given[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1 || v > MAX_TIMEOUT_MS) throw new TimeoutOptionError(key, v);
    t[key] = v;
  }
  return t;
}

/** The code of the error the gateway raises when a request's total deadline passes. */
export const TOTAL_TIMEOUT_CODE = 'GATEWAY_TOTAL_TIMEOUT';

/** The total deadline passed (aborts the attempt; isTimeout() knows its code). */
export class TotalTimeoutError extends Error {
  readonly code = TOTAL_TIMEOUT_CODE;
  constructor(readonly ms: number) {
    super(`no complete response within the total deadline of ${ms} ms`);
    this.name = 'TotalTimeoutError';
  }
}

const KIND_OF_CODE: Readonly<Record<string, TimeoutKind>> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  ETIMEDOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'response',
  UND_ERR_BODY_TIMEOUT: 'idle',
  [TOTAL_TIMEOUT_CODE]: 'total',
};

/** Which timeout an error code stands for; undefined when it is no timeout. */
export function timeoutKind(code: string | undefined): TimeoutKind | undefined {
  return code === undefined ? undefined : KIND_OF_CODE[code];
}

const WAITED_FOR: Readonly<Record<TimeoutKind, string>> = {
  connect: 'connection',
  response: 'response headers',
  idle: 'data',
  total: 'complete response',
};

/** What the client is told, e.g. "no response headers within 60000 ms". */
export function timeoutMessage(t: GatewayTimeouts, kind: TimeoutKind): string {
  const ms =
    kind === 'connect'
      ? t.connectMs
      : kind === 'response'
        ? t.responseMs
        : kind === 'idle'
          ? t.idleMs
          : t.totalMs;
  return `no ${WAITED_FOR[kind]} within ${ms ?? 0} ms`;
}
