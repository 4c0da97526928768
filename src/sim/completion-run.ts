/**
 * Running a request's choices through the engine and answering as vLLM's
 * serving layer does (vllm/entrypoints/openai/{chat_completion,completion}/serving.py):
 * not streamed, one body when every choice has finished, choices in index
 * order; streamed, each token as a chunk under its choice's index (the chat
 * stream first sends a role chunk for every choice), then the usage chunk
 * and `[DONE]`. Usage counts each prompt once and the completion tokens of
 * every choice. Stream faults (cut, in-stream error) count the token chunks
 * of all choices.
 */
import type { ServerResponse } from 'node:http';
import type { Engine } from './engine.ts';
import type { FinishedRequest } from './engine-types.ts';
import type { RequestFate } from './faults.ts';
import { sendError } from './http-util.ts';
import {
  type ChoiceText,
  chunkBody,
  completionBody,
  responseId,
  SSE_DONE,
  sse,
  sseError,
  usage,
  usageChunkBody,
} from './openai-format.ts';
import type { SimRequest } from './request.ts';
import type { Rng } from './rng.ts';
import { tokenText } from './tokens.ts';
import type { VllmMetrics } from './vllm-metrics.ts';

/** What a run needs of its pod. */
export interface RunContext {
  model: string;
  engine: Engine;
  metrics: VllmMetrics;
}

/** One choice: an engine sequence of its own. */
export interface Choice {
  /** The choice's index in the response. */
  index: number;
  promptTokens: number;
  out: { tokens: number; reason: 'stop' | 'length' };
  rng: Rng;
}

/** The 429 of a full waiting queue. */
export function queueFull(maxWaiting: number): string {
  return `The waiting queue is full (${maxWaiting} requests); retry later.`;
}

/** Submits every choice to the engine and answers the request as they produce tokens. */
export function runChoices(
  ctx: RunContext,
  r: SimRequest,
  res: ServerResponse,
  choices: readonly Choice[],
  fate: RequestFate,
): void {
  const cutAfter = fate.kind === 'cut' ? fate.afterTokens : undefined;
  const errorAt = fate.kind === 'stream-error' ? fate.afterTokens : undefined;
  const meta = { id: responseId(r.api), created: Math.floor(Date.now() / 1000), model: ctx.model };
  const totalTokens = choices.reduce((n, c) => n + c.out.tokens, 0);
  const texts: string[][] = choices.map(() => []);
  const results: ChoiceText[] = choices.map(() => ({ text: '', finish: 'stop' }));
  // Engine ids: the response id for a single choice, one per choice otherwise (vLLM's children are "{index}_{id}").
  const ids = choices.map((c) => (choices.length === 1 ? meta.id : `${c.index}_${meta.id}`));
  const finished = choices.map(() => false);
  let open = choices.length;
  let generated = 0;
  let written = 0;
  let started = false;
  let failed = false;

  const abortOpen = (reason: 'abort' | 'error') => {
    ids.forEach((id, i) => {
      if (!finished[i]) ctx.engine.abort(id, reason);
    });
  };
  const onToken = (c: Choice) => (index: number) => {
    if (failed) return;
    const text = tokenText(c.rng);
    if (!r.stream) {
      texts[c.index]?.push(text);
      return;
    }
    // vLLM's chat stream opens with a role chunk for each of the n choices (first_iteration).
    if (!started && r.api === 'chat')
      for (const each of choices) res.write(sse(chunkBody(r.api, meta, '', null, true, each.index)));
    started = true;
    if (written === errorAt) {
      // vLLM's in-stream failure: no finish_reason chunk, the error event, then [DONE].
      failed = true;
      res.end(`${sseError('simulated engine failure mid-stream (fault injection)')}${SSE_DONE}`);
      abortOpen('error');
      return;
    }
    const last = index === c.out.tokens - 1;
    res.write(sse(chunkBody(r.api, meta, text, last ? c.out.reason : null, false, c.index)));
    written++;
    // A stream cut mid-way: the connection drops without [DONE].
    if (cutAfter !== undefined && written >= cutAfter && written < totalTokens) res.destroy();
  };
  const onFinish = (c: Choice) => (result: FinishedRequest) => {
    // Each choice finishes once; the engine never calls twice, and this holds the line if it did.
    if (finished[c.index]) return;
    finished[c.index] = true;
    ctx.metrics.observeFinished(result);
    if (result.reason === 'abort' || result.reason === 'error' || res.destroyed) return;
    results[c.index] = { text: (texts[c.index] ?? []).join(''), finish: result.reason };
    generated += result.generatedTokens;
    if (--open > 0) return;
    // Each prompt counts once, however many choices it has.
    const prompt = r.prompts.reduce((n, p) => n + p, 0);
    const u = usage(prompt, generated);
    if (!r.stream) {
      sendJsonOk(res, completionBody(r.api, meta, results, u));
      return;
    }
    if (r.includeUsage) res.write(sse(usageChunkBody(r.api, meta, u)));
    res.end(SSE_DONE);
  };

  for (const c of choices) {
    const submitted = ctx.engine.submit({
      id: ids[c.index] ?? meta.id,
      promptTokens: c.promptTokens,
      outputTokens: c.out.tokens,
      finishReason: c.out.reason,
      onToken: onToken(c),
      onFinish: onFinish(c),
    });
    if (submitted.ok) continue;
    // The choices already queued go with the request (vLLM adds a parent's children together).
    finished[c.index] = true;
    abortOpen('abort');
    if (submitted.reason === 'queue_full') sendError(res, 429, queueFull(ctx.engine.profile.maxWaiting));
    else sendError(res, 400, 'prompt and max_tokens exceed the maximum context length', 'max_tokens');
    return;
  }
  // The client went away (or the stream was cut): stop generating for it at once.
  res.on('close', () => abortOpen('abort'));
  if (r.stream)
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
}

function sendJsonOk(res: ServerResponse, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
