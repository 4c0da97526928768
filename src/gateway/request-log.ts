/**
 * What the gateway logs about requests, beside the pod state changes
 * (pod-events.ts): an upstream attempt that failed (refused, reset, timed
 * out, answered something that is not HTTP), the client's view of a request
 * that failed, and a stream too large to inspect. One structured event each,
 * rate-limited per kind and reason so an outage does not flood the log; the
 * next line of a kind says how many were suppressed before it. Events carry
 * request ids, pods, models (the bounded label), statuses and error types:
 * never prompts, completions, headers or credentials.
 */
import type { TimeoutKind } from './timeouts.ts';

/** Why an attempt on a pod failed (the `reason` of an upstream_failed line). */
export type AttemptFailure = 'refused' | 'reset' | 'timeout' | 'invalid_response';

export type RequestEvent =
  | {
      event: 'upstream_failed';
      pod: string;
      reason: AttemptFailure;
      /** Which timeout fired, for reason timeout. */
      timeout?: TimeoutKind;
      /** Sent again to another pod (only when the request never reached this one). */
      retried: boolean;
      /** Whether the response had started when it failed. */
      phase: 'connect' | 'waiting' | 'streaming';
      request_id: string;
      /** The error's code (e.g. ECONNRESET, UND_ERR_HEADERS_TIMEOUT). */
      detail: string;
      suppressed?: number;
    }
  | {
      event: 'request_failed';
      request_id: string;
      model: string;
      pod: string;
      /** The status the client got (200 for a stream that broke or carried an error event). */
      status: number;
      error_class: string;
      error_type: string;
      duration_ms: number;
      suppressed?: number;
    }
  | {
      event: 'inspection_skipped';
      pod: string;
      request_id: string;
      limit_bytes: number;
      suppressed?: number;
    };

/** At most this many lines per kind and reason per second (the rest are counted, then reported). */
export const LOG_LINES_PER_SECOND = 10;

/** Per-key budget of lines in one-second windows, with the count of what it held back. */
export class LogRateLimit {
  private readonly windows = new Map<string, { start: number; lines: number; suppressed: number }>();

  constructor(
    private readonly now: () => number,
    private readonly perSecond = LOG_LINES_PER_SECOND,
  ) {}

  /**
   * Whether a line of `key` may go out now; undefined when not. A number is
   * the count suppressed since the last line of that key (0 when none).
   */
  admit(key: string): number | undefined {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w) {
      // Keys are bounded (event, reason, error type, pod): the map stays small.
      w = { start: now, lines: 0, suppressed: 0 };
      this.windows.set(key, w);
    }
    if (now - w.start >= 1000) {
      w.start = now;
      w.lines = 0;
    }
    if (w.lines >= this.perSecond) {
      w.suppressed++;
      return undefined;
    }
    w.lines++;
    const suppressed = w.suppressed;
    w.suppressed = 0;
    return suppressed;
  }
}

/** The rate-limit key of an event: its kind and reason. */
export function rateKey(e: RequestEvent): string {
  switch (e.event) {
    case 'upstream_failed':
      return `${e.event}/${e.reason}/${e.pod}`;
    case 'request_failed':
      return `${e.event}/${e.error_type}`;
    case 'inspection_skipped':
      return e.event;
  }
}

/** pino's levels: 40 warn for failures of the service, 30 info otherwise. */
export function requestEventLevel(e: RequestEvent): 30 | 40 {
  if (e.event === 'request_failed') return e.error_class === 'server' ? 40 : 30;
  return e.event === 'upstream_failed' ? 40 : 30;
}

/** A short sentence for the line's `msg`. */
export function requestEventMessage(e: RequestEvent): string {
  const more = e.suppressed ? ` (${e.suppressed} similar suppressed)` : '';
  switch (e.event) {
    case 'upstream_failed':
      return `pod ${e.pod}: ${e.reason === 'timeout' ? `${e.timeout ?? ''} timeout` : e.reason}${
        e.retried ? ', retried on another pod' : ''
      }${more}`;
    case 'request_failed':
      return `request ${e.request_id} failed: ${e.status} ${e.error_type}${more}`;
    case 'inspection_skipped':
      return `stream of request ${e.request_id} relayed uninspected: an event over ${e.limit_bytes} bytes${more}`;
  }
}
