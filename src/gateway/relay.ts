/**
 * One upstream attempt as an undici dispatch handler: the response is passed
 * to the client as it arrives, chunk by chunk, while it is measured (TTFT and
 * inter-token gaps from the SSE stream, usage from the last chunk or the JSON
 * body). A stream that breaks or ends without `[DONE]` is cut for the client
 * too, never finished as if it succeeded.
 *
 * A handler instead of `request()` + for-await: no body stream, async
 * iterator or AbortSignal per request; backpressure goes straight to the
 * upstream socket through the controller's pause/resume.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { countsForLatency, type ErrorKind, STREAM_ABORTED, STREAM_ERROR, TIMEOUT } from '../engine/index.ts';
import { clientHeaders } from './body.ts';
import { codeOf, isConnectFailure, isInvalidResponse, isTimeout } from './classify.ts';
import { GapTally } from './gap-tally.ts';
import { ITL_BUCKETS, type SeriesMetrics } from './gateway-metrics.ts';
import { answeredOutcome, failedOutcome, type UpstreamOutcome } from './outlier-detector.ts';
import { sendGatewayError } from './replies.ts';
import { type Draft, finish, type ProxyContext } from './request-draft.ts';
import type { AttemptFailure } from './request-log.ts';
import { SseInspector } from './sse-inspector.ts';
import { timeoutKind, timeoutMessage } from './timeouts.ts';
import { usageFromBody } from './usage.ts';

/** Non-streamed bodies are kept (for usage) up to this size; larger ones are passed through unparsed. */
const MAX_COLLECT = 4 * 1024 * 1024;

/** 'retry' when the connection failed before any byte reached the client. */
export type AttemptOutcome = 'done' | 'retry';

/** Shared by the attempts of one request: whether the client went away, and the attempt to abort. */
export interface ClientWatch {
  gone: boolean;
  relay: Relay | undefined;
}

const CLIENT_GONE = new Error('the client went away');

export class Relay implements Dispatcher.DispatchHandler {
  /** Settles once per attempt. */
  readonly outcome: Promise<AttemptOutcome>;
  private settle!: (o: AttemptOutcome) => void;
  private controller: Dispatcher.DispatchController | undefined;
  /** waiting: no response yet; streaming: headers sent on; ending: res.end() called; done: measured. */
  private phase: 'waiting' | 'streaming' | 'ending' | 'done' = 'waiting';
  private upstreamEnded = false;
  private inspector: SseInspector | undefined;
  private kept: Buffer[] | undefined;
  private keptBytes = 0;
  /** When each choice's last token came: gaps are per choice, as vLLM counts them per sequence. */
  private readonly lastToken = new Map<number, number>();
  /** Inter-token gaps, observed when the request turns out a success. */
  private gaps: GapTally | undefined;
  private resumeOnDrain: (() => void) | undefined;
  /** How the attempt failed, when no answer (or only part of one) came. */
  private failure: UpstreamOutcome | undefined;
  /** The total deadline passed before undici started the request: abort it at the start. */
  private pendingAbort: Error | undefined;

  constructor(
    private readonly ctx: ProxyContext,
    private readonly d: Draft,
    private readonly podName: string,
    private readonly series: SeriesMetrics,
    private readonly res: ServerResponse,
    private readonly injectUsage: boolean,
    private readonly watch: ClientWatch,
  ) {
    this.outcome = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /**
   * undici calls this once the connection is up, just before it writes the
   * request: from here on the pod may have read it, so it is never sent again.
   */
  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // The client left while the request was queued: it must not reach the pod.
    if (this.watch.gone) controller.abort(CLIENT_GONE);
    else if (this.pendingAbort) controller.abort(this.pendingAbort);
  }

  /** Ends the attempt with `err` (the total deadline), whatever its phase. */
  abort(err: Error): void {
    if (this.controller) this.controller.abort(err);
    else this.pendingAbort = err;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (statusCode < 200) return; // 1xx informational: the real response follows.
    const { d, res } = this;
    this.phase = 'streaming';
    d.status = statusCode;
    const type = String(headers['content-type'] ?? '');
    const sse = d.stream && statusCode === 200 && type.includes('text/event-stream');
    const length = headers['content-length'];
    const out = clientHeaders(headers);
    // A body passed through unchanged keeps its length: one write instead of chunked framing.
    if (!sse && typeof length === 'string') out['content-length'] = length;
    out['x-request-id'] = d.requestId;
    res.writeHead(statusCode, out);
    if (sse) {
      this.inspector = new SseInspector(
        { onToken: (choice) => this.onToken(choice), onSkipped: (limit) => this.skippedInspection(limit) },
        this.injectUsage,
      );
      // A streaming client sees the response start before the first token; other replies go out whole.
      res.flushHeaders();
    } else this.kept = [];
  }

  /** An event outgrew the inspection limit: the rest of the stream is relayed uninspected. */
  private skippedInspection(limit: number): void {
    this.ctx.metrics.skippedInspection();
    this.ctx.log({
      event: 'inspection_skipped',
      pod: this.podName,
      request_id: this.d.requestId,
      limit_bytes: limit,
    });
  }

  /**
   * A content token of a choice arrived (called by the inspector). TTFT is the
   * request's first token of any choice; a gap is between two tokens of one
   * choice (the chunks of n choices come back to back, which would read as
   * gaps of about 0).
   */
  onToken(choice: number): void {
    const now = performance.now();
    const d = this.d;
    if (d.ttftMs === undefined) d.ttftMs = now - d.started;
    const last = this.lastToken.get(choice);
    // Tallied per bucket, not listed: an open stream holds no growing list of gaps.
    if (last !== undefined) {
      this.gaps ??= new GapTally(ITL_BUCKETS);
      this.gaps.add((now - last) / 1000);
    }
    this.lastToken.set(choice, now);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.watch.gone) return;
    let out = chunk;
    if (this.inspector) out = this.inspector.push(chunk);
    else if (this.kept && this.keptBytes < MAX_COLLECT) {
      this.kept.push(chunk);
      this.keptBytes += chunk.length;
    }
    if (out.length > 0 && !this.res.write(out) && !this.res.destroyed) {
      controller.pause();
      this.resumeOnDrain ??= () => this.controller?.resume();
      this.res.once('drain', this.resumeOnDrain);
    }
  }

  onResponseEnd(): void {
    this.upstreamEnded = true;
    const { d, res } = this;
    if (this.watch.gone) {
      this.done(true);
      return;
    }
    // An event the inspector held back (only the usage chunk is ever left out) goes out as it came.
    const rest = this.inspector?.end();
    if (rest && rest.length > 0) res.write(rest);
    if (this.inspector && !this.inspector.done) {
      // The upstream ended the stream without [DONE]: the client must see a broken stream.
      res.destroy();
      this.done(false, STREAM_ABORTED);
      return;
    }
    const usage = this.inspector
      ? this.inspector.usage
      : this.kept && this.keptBytes < MAX_COLLECT
        ? usageFromBody(this.kept)
        : undefined;
    this.kept = undefined;
    d.promptTokens = usage?.promptTokens;
    d.completionTokens = usage?.completionTokens;
    this.phase = 'ending';
    res.end();
    if (res.writableFinished) this.sent();
    else res.once('finish', () => this.sent());
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.upstreamEnded = true;
    if (this.phase === 'done' || this.phase === 'ending') return;
    const { ctx, d, res } = this;
    if (this.watch.gone) {
      this.done(true);
      return;
    }
    this.failure = failedOutcome(err);
    const sent = this.controller !== undefined;
    const timeout = isTimeout(err);
    if (this.phase === 'streaming') {
      // The response had started: the client sees it cut; a stall is a timeout, anything else a broken stream.
      this.logFailure(err, false);
      res.destroy();
      this.done(false, timeout ? TIMEOUT : STREAM_ABORTED);
      return;
    }
    if (!sent && isConnectFailure(err)) {
      // The connection never carried the request: the pod cannot have seen it, another pod may take it.
      this.logFailure(err, true);
      ctx.attempted(this.podName, this.failure);
      ctx.pool.markFailed(
        this.podName,
        err.message,
        this.failure === 'reset' ? 'connection_reset' : 'connection_refused',
      );
      this.phase = 'done';
      this.settle('retry');
      return;
    }
    // Written, then reset, timed out or answered garbage: the pod may be working on it. Never sent twice.
    this.logFailure(err, false);
    const kind = timeoutKind(codeOf(err));
    d.status = kind ? 504 : 502;
    sendGatewayError(
      res,
      d.status,
      kind
        ? `upstream ${this.podName}: ${timeoutMessage(ctx.timeouts, kind)}`
        : `upstream ${this.podName} failed: ${err.message}`,
      d.requestId,
    );
    this.done(false);
  }

  /** One rate-limited line per failed attempt: pod, reason, which timeout, whether it was retried. */
  private logFailure(err: Error, retried: boolean): void {
    const code = codeOf(err);
    const timeout = timeoutKind(code);
    const reason: AttemptFailure = timeout
      ? 'timeout'
      : isInvalidResponse(err)
        ? 'invalid_response'
        : code === 'ECONNREFUSED'
          ? 'refused'
          : 'reset';
    this.ctx.log({
      event: 'upstream_failed',
      pod: this.podName,
      reason,
      ...(timeout ? { timeout } : {}),
      retried,
      phase: this.controller === undefined ? 'connect' : this.phase === 'streaming' ? 'streaming' : 'waiting',
      request_id: this.d.requestId,
      detail: code ?? err.name,
    });
  }

  /** The client's connection closed before the response finished. */
  clientClosed(): void {
    // The whole response was handed to the socket: measured as sent, like a finish.
    if (this.phase === 'ending') {
      this.sent();
      return;
    }
    if (!this.upstreamEnded) this.controller?.abort(CLIENT_GONE);
  }

  /** The last byte went out (or the socket closed after res.end()). */
  private sent(): void {
    if (this.phase !== 'ending') return;
    const d = this.d;
    if (!d.stream || !this.inspector) d.ttftMs = d.status < 400 ? performance.now() - d.started : undefined;
    // vLLM's in-stream error: the client got the whole stream, the request failed all the same.
    this.done(false, this.inspector?.error ? STREAM_ERROR : undefined);
  }

  private done(cancelled: boolean, error?: ErrorKind): void {
    if (this.phase === 'done') return;
    // An attempt the client abandoned before the pod answered says nothing about the pod.
    if (!cancelled || this.phase !== 'waiting')
      this.ctx.attempted(
        this.podName,
        this.failure ?? answeredOutcome(this.d.status, error?.errorClass, error?.errorType),
      );
    this.phase = 'done';
    this.kept = undefined;
    if (cancelled) this.d.cancelled = true;
    finish(this.ctx, this.d, error);
    if (countsForLatency(this.d) && !this.d.cancelled) this.gaps?.flush(this.series.itl);
    this.gaps = undefined;
    this.settle('done');
  }
}
