/**
 * One completion request through the simulated pod: validation, the fault
 * decided for it, the API server's overhead, the engine, and the response,
 * streamed token by token as the engine produces them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from './clock.ts';
import { readCompletionBody } from './completion-body.ts';
import type { Engine } from './engine.ts';
import type { FinishedRequest } from './engine-types.ts';
import { type Faults, FORCE_HEADER, type RequestFate } from './faults.ts';
import { sendError } from './http-util.ts';
import {
  type Api,
  chunkBody,
  completionBody,
  responseId,
  SSE_DONE,
  sse,
  sseError,
  usage,
  usageChunkBody,
} from './openai-format.ts';
import { parseRequest, type SimRequest } from './request.ts';
import { type Rng, seededRng } from './rng.ts';
import { samplingProblem } from './sampling-checks.ts';
import { tokenText } from './tokens.ts';
import type { VllmMetrics } from './vllm-metrics.ts';

export interface PodContext {
  model: string;
  clock: SimClock;
  engine: Engine;
  faults: Faults;
  metrics: VllmMetrics;
  rng: Rng;
  /** Requests deliberately left unanswered (hang faults), closed on shutdown. */
  hung: Set<ServerResponse>;
}

/** Output length: max_tokens with ignore_eos, else where EOS would fall (log-normal), capped by max_tokens. */
export function plannedOutput(
  ctx: PodContext,
  r: SimRequest,
  rng: Rng,
): { tokens: number; reason: 'stop' | 'length' } {
  const p = ctx.engine.profile;
  const limit = r.maxTokens ?? Math.max(1, p.maxModelLen - r.promptTokens);
  if (r.ignoreEos) return { tokens: limit, reason: 'length' };
  const natural = Math.max(1, Math.round(rng.lognormal(p.outputMedianTokens, p.outputSigma)));
  return natural >= limit ? { tokens: limit, reason: 'length' } : { tokens: natural, reason: 'stop' };
}

function forcedFault(req: IncomingMessage): string | undefined {
  const v = req.headers[FORCE_HEADER];
  return Array.isArray(v) ? v[0] : v;
}

/** Handles POST /v1/chat/completions and /v1/completions. */
export async function handleCompletion(ctx: PodContext, api: Api, req: IncomingMessage, res: ServerResponse) {
  const body = await readCompletionBody(req);
  if (!body.ok) return sendError(res, body.status, body.message, body.param, body.type);
  const parsed = parseRequest(api, body.value);
  if (!parsed.ok) return sendError(res, 400, parsed.message, parsed.param, parsed.type);
  const r = parsed.request;
  if (r.model !== ctx.model) return sendError(res, 404, `The model \`${r.model}\` does not exist.`, 'model');
  const max = ctx.engine.profile.maxModelLen;
  if (r.promptTokens + (r.maxTokens ?? 0) > max || r.promptTokens >= max)
    return sendError(
      res,
      400,
      `This model's maximum context length is ${max} tokens. However, you requested ${r.promptTokens + (r.maxTokens ?? 0)} tokens (${r.promptTokens} in the messages, ${r.maxTokens ?? 0} in the completion). Please reduce the length of the messages or completion.`,
      'messages',
    );
  // vLLM builds SamplingParams after the model and length checks (serving_chat.py, create_chat_completion).
  const sampling = samplingProblem(r.sampling);
  if (sampling) return sendError(res, 400, sampling.message, sampling.param);
  const rng = r.seed === undefined ? ctx.rng.fork() : seededRng(r.seed);
  const out = plannedOutput(ctx, r, rng);
  let fate: RequestFate;
  try {
    fate = ctx.faults.fate({ forced: forcedFault(req), streaming: r.stream, expectedTokens: out.tokens });
  } catch (err) {
    return sendError(res, 400, (err as Error).message, FORCE_HEADER);
  }
  if (fate.kind === 'error') return sendError(res, fate.status, `simulated ${fate.status} (fault injection)`);
  if (fate.kind === 'hang') {
    ctx.hung.add(res);
    res.on('close', () => ctx.hung.delete(res));
    return;
  }
  // vLLM's API server tokenises and queues the request before the engine sees it.
  await new Promise<void>((resolve) => ctx.clock.after(ctx.engine.profile.apiOverheadMs, resolve));
  if (res.destroyed) return;
  run(ctx, r, res, out, rng, fate);
}

function run(
  ctx: PodContext,
  r: SimRequest,
  res: ServerResponse,
  out: { tokens: number; reason: 'stop' | 'length' },
  rng: Rng,
  fate: RequestFate,
): void {
  const cutAfter = fate.kind === 'cut' ? fate.afterTokens : undefined;
  const errorAt = fate.kind === 'stream-error' ? fate.afterTokens : undefined;
  let failed = false;
  const meta = { id: responseId(r.api), created: Math.floor(Date.now() / 1000), model: ctx.model };
  const texts: string[] = [];
  let finished = false;
  const submitted = ctx.engine.submit({
    id: meta.id,
    promptTokens: r.promptTokens,
    outputTokens: out.tokens,
    finishReason: out.reason,
    onToken(index) {
      if (failed) return;
      const text = tokenText(rng);
      if (!r.stream) {
        texts.push(text);
        return;
      }
      if (index === 0 && r.api === 'chat') res.write(sse(chunkBody(r.api, meta, '', null, true)));
      if (index === errorAt) {
        // vLLM's in-stream failure: no finish_reason chunk, the error event, then [DONE].
        failed = true;
        res.end(`${sseError('simulated engine failure mid-stream (fault injection)')}${SSE_DONE}`);
        ctx.engine.abort(meta.id, 'error');
        return;
      }
      const last = index === out.tokens - 1;
      res.write(sse(chunkBody(r.api, meta, text, last ? out.reason : null)));
      if (cutAfter !== undefined && index + 1 >= cutAfter && !last) {
        // A stream cut mid-way: the connection drops without [DONE].
        res.destroy();
      }
    },
    onFinish(result: FinishedRequest) {
      finished = true;
      ctx.metrics.observeFinished(result);
      if (result.reason === 'abort' || result.reason === 'error' || res.destroyed) return;
      const u = usage(result.promptTokens, result.generatedTokens);
      if (!r.stream) {
        sendJsonOk(res, completionBody(r.api, meta, texts.join(''), result.reason, u));
        return;
      }
      if (r.includeUsage) res.write(sse(usageChunkBody(r.api, meta, u)));
      res.end(SSE_DONE);
    },
  });
  if (!submitted.ok) {
    finished = true;
    if (submitted.reason === 'queue_full')
      sendError(
        res,
        429,
        `The waiting queue is full (${ctx.engine.profile.maxWaiting} requests); retry later.`,
      );
    else sendError(res, 400, 'prompt and max_tokens exceed the maximum context length', 'max_tokens');
    return;
  }
  // The client went away (or the stream was cut): stop generating for it at once.
  res.on('close', () => {
    if (!finished) ctx.engine.abort(meta.id);
  });
  if (r.stream)
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
}

function sendJsonOk(res: ServerResponse, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
