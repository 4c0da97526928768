/**
 * One completion request through the simulated pod: validation, the fault
 * decided for it, the API server's overhead, the engine, and the response,
 * streamed token by token as the engine produces them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from './clock.ts';
import { readCompletionBody } from './completion-body.ts';
import { type Choice, queueFull, runChoices } from './completion-run.ts';
import type { Engine } from './engine.ts';
import { type Faults, FORCE_HEADER, type RequestFate } from './faults.ts';
import { sendError } from './http-util.ts';
import type { Api } from './openai-format.ts';
import { parseRequest, type SimRequest } from './request.ts';
import { type Rng, seededRng } from './rng.ts';
import { samplingProblem } from './sampling-checks.ts';
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
  promptTokens: number,
  r: SimRequest,
  rng: Rng,
): { tokens: number; reason: 'stop' | 'length' } {
  const p = ctx.engine.profile;
  const limit = r.maxTokens ?? Math.max(1, p.maxModelLen - promptTokens);
  if (r.ignoreEos) return { tokens: limit, reason: 'length' };
  const natural = Math.max(1, Math.round(rng.lognormal(p.outputMedianTokens, p.outputSigma)));
  return natural >= limit ? { tokens: limit, reason: 'length' } : { tokens: natural, reason: 'stop' };
}

function forcedFault(req: IncomingMessage): string | undefined {
  const v = req.headers[FORCE_HEADER];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * What vLLM answers when there is no prompt to run, after the model check:
 * `messages: []` makes transformers' apply_chat_template index the empty
 * conversation (`conversation[0]`, IndexError), which vLLM's
 * safe_apply_chat_template (vllm/renderers/hf.py) re-raises as a ValueError
 * and serves as a 400 BadRequestError; `prompt: []` is refused by vLLM's
 * prompt parser (parse_and_batch_prompt).
 */
const NO_PROMPT: Record<Api, string> = {
  chat: 'list index out of range',
  completions: 'please provide at least one prompt',
};

/** Handles POST /v1/chat/completions and /v1/completions. */
export async function handleCompletion(ctx: PodContext, api: Api, req: IncomingMessage, res: ServerResponse) {
  const body = await readCompletionBody(req);
  if (!body.ok) return sendError(res, body.status, body.message, body.param, body.type);
  const parsed = parseRequest(api, body.value);
  if (!parsed.ok) return sendError(res, 400, parsed.message, parsed.param, parsed.type);
  const r = parsed.request;
  // _check_model (vllm/entrypoints/openai/engine/serving.py): `_is_model_supported` takes a missing or
  // empty name as the served model; otherwise 404 NotFoundError, created without a param.
  if (r.model && r.model !== ctx.model)
    return sendError(res, 404, `The model \`${r.model}\` does not exist.`);
  if (r.prompts.length === 0) return sendError(res, 400, NO_PROMPT[api]);
  // vLLM's input check refuses a prompt of no tokens (an empty token-ID list; processor.py
  // _validate_model_input, tested with prompt="" in tests/entrypoints/openai/test_completion_error.py).
  if (r.prompts.some((p) => p === 0)) return sendError(res, 400, 'The decoder prompt cannot be empty');
  const max = ctx.engine.profile.maxModelLen;
  // Each prompt is checked against max_model_len on its own; the first over it is reported.
  const long = r.prompts.find((p) => p + (r.maxTokens ?? 0) > max || p >= max);
  if (long !== undefined)
    return sendError(
      res,
      400,
      `This model's maximum context length is ${max} tokens. However, you requested ${long + (r.maxTokens ?? 0)} tokens (${long} in the messages, ${r.maxTokens ?? 0} in the completion). Please reduce the length of the messages or completion.`,
      'messages',
    );
  // vLLM builds SamplingParams after the model and length checks (serving_chat.py, create_chat_completion).
  const sampling = samplingProblem(r.sampling);
  if (sampling) return sendError(res, 400, sampling.message, sampling.param);
  // Every choice enters the waiting queue at once: more than it holds would get the engine's 429 anyway,
  // given here before n x prompts choices are planned (up to 16384 x 1024).
  const maxWaiting = ctx.engine.profile.maxWaiting;
  if (r.prompts.length * r.n > maxWaiting) return sendError(res, 429, queueFull(maxWaiting));
  const choices = planChoices(ctx, r);
  const expectedTokens = choices.reduce((n, c) => n + c.out.tokens, 0);
  let fate: RequestFate;
  try {
    fate = ctx.faults.fate({ forced: forcedFault(req), streaming: r.stream, expectedTokens });
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
  runChoices(ctx, r, res, choices, fate);
}

/**
 * One engine sequence per choice: `n` for each prompt, prompt by prompt, as
 * vLLM v1 fans a request out into n child requests
 * (vllm/v1/engine/parallel_sampling.py, ParentRequest), each with its own
 * output length and text. A seeded child gets seed + its index
 * (_get_child_sampling_params), so choice 0 is what n = 1 gives.
 */
function planChoices(ctx: PodContext, r: SimRequest): Choice[] {
  const choices: Choice[] = [];
  for (const promptTokens of r.prompts)
    for (let k = 0; k < r.n; k++) {
      const rng = r.seed === undefined ? ctx.rng.fork() : seededRng(r.seed + k);
      choices.push({
        index: choices.length,
        promptTokens,
        out: plannedOutput(ctx, promptTokens, r, rng),
        rng,
      });
    }
  return choices;
}
