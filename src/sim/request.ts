/**
 * Reading a completion request the way vLLM's OpenAI server validates it.
 * First the pydantic models (ChatCompletionRequest, CompletionRequest in
 * vllm/entrypoints/openai/{chat_completion,completion}/protocol.py): field
 * types in pydantic's lax mode (pydantic-lax.ts), chat messages
 * (chat-messages.ts) and the `mode="before"` validators the simulator can
 * meet. A failure there is FastAPI's RequestValidationError, which vLLM's
 * validation_exception_handler (vllm/entrypoints/serve/utils/server_utils.py)
 * answers with 400, type "Bad Request" and param the first error's location
 * ("body.n"). The sampling fields' ranges are checked later, as vLLM does,
 * by sampling-checks.ts. Unknown fields are accepted and ignored, as vLLM's
 * OpenAIBaseModel does (it only logs them). `model` is optional in both
 * models (`model: str | None = None`): the handler serves it by the served
 * model. `messages` has no minimum length (`list[ChatCompletionMessageParam]`):
 * an empty list is refused later, by the chat template (completion-handler.ts).
 */
import { z } from 'zod';
import { chatMessage } from './chat-messages.ts';
import { promptField, promptValueError } from './completion-prompt.ts';
import type { Api } from './openai-format.ts';
import { lax, pyTruthy } from './pydantic-lax.ts';
import type { SamplingFields } from './sampling-checks.ts';
import { countChatTokens } from './tokens.ts';

/** The error type vLLM reports for a request that fails pydantic validation (HTTPStatus.BAD_REQUEST.phrase). */
export const VALIDATION_ERROR_TYPE = 'Bad Request';

/** `seed: int | None = Field(None, ge=_INT64_MIN, le=_INT64_MAX)` in the chat request. */
const INT64_MAX = 2 ** 63 - 1;
const seed = lax('int')
  .refine((v) => v === undefined || (v >= -INT64_MAX - 1 && v <= INT64_MAX), {
    error: 'Input should be between -2^63 and 2^63 - 1',
  })
  .optional();

/** StreamOptions: include_usage defaults to true, continuous_usage_stats to false. */
const streamOptions = z
  .looseObject(
    { include_usage: lax('bool'), continuous_usage_stats: lax('bool') },
    { error: 'Input should be a valid dictionary or instance of StreamOptions' },
  )
  .nullish();

const common = {
  model: z.string({ error: 'Input should be a valid string' }).nullish(),
  max_tokens: lax('int'),
  max_completion_tokens: lax('int'),
  n: lax('int'),
  stream: lax('bool'),
  stream_options: streamOptions,
  temperature: lax('float'),
  top_p: lax('float'),
  presence_penalty: lax('float'),
  frequency_penalty: lax('float'),
  seed,
  /** vLLM extension: generate exactly max_tokens, ignoring end-of-sequence. */
  ignore_eos: lax('bool'),
};

const chatSchema = z.looseObject({
  ...common,
  messages: z.array(chatMessage, { error: 'Input should be a valid list' }),
});

const completionSchema = z.looseObject({
  ...common,
  prompt: promptField,
});

const OBJECT = z.looseObject(
  {},
  { error: 'Input should be a valid dictionary or object to extract fields from' },
);

export interface SimRequest {
  api: Api;
  /** The model asked for; undefined or '' means the served one. */
  model: string | undefined;
  /**
   * Prompt tokens of each prompt: one for chat, one per prompt of a
   * completions list. Empty for `messages: []` or `prompt: []`, which vLLM
   * refuses after the model check.
   */
  prompts: number[];
  /** Choices per prompt (`n`, 1 when absent). */
  n: number;
  /** The client's cap on output tokens, if any. */
  maxTokens: number | undefined;
  stream: boolean;
  includeUsage: boolean;
  seed: number | undefined;
  ignoreEos: boolean;
  /** What vLLM checks when it builds SamplingParams (sampling-checks.ts). */
  sampling: SamplingFields;
}

export type ParsedRequest =
  | { ok: true; request: SimRequest }
  | { ok: false; message: string; param: string | null; type: string };

/** A pydantic-style failure: "N validation errors:" then one line per problem; param is the first's location. */
function invalid(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>, param?: string) {
  const where = (path: readonly PropertyKey[]) => ['body', ...path.map(String)].join('.');
  const lines = issues.map((i) => `  ${where(i.path)}: ${i.message}`);
  const count = `${issues.length} validation error${issues.length === 1 ? '' : 's'}:`;
  return {
    ok: false as const,
    message: [count, ...lines].join('\n'),
    param: param ?? (issues[0] ? where(issues[0].path) : null),
    type: VALIDATION_ERROR_TYPE,
  };
}

/**
 * vLLM's should_include_usage: any StreamOptions object asks for usage unless
 * include_usage says otherwise; the field defaults to true when absent
 * (`include_usage: bool | None = True`) and null reads as false.
 */
function includeUsage(rawOptions: unknown, coerced: boolean | undefined): boolean {
  if (rawOptions === undefined || rawOptions === null) return false;
  const given = (rawOptions as Record<string, unknown>).include_usage;
  return given === undefined ? true : coerced === true;
}

/** A chat request is one prompt, the rendered conversation; none when there is no message to render. */
function chatPrompts(messages: Array<{ role: string; content?: unknown }>): number[] {
  return messages.length > 0 ? [countChatTokens(messages)] : [];
}

/** max_tokens of a /v1/completions request that gives none (vLLM's CompletionRequest default). */
export const COMPLETIONS_MAX_TOKENS = 16;

/** Validates a decoded JSON body for one of the two completion APIs. */
export function parseRequest(api: Api, body: unknown): ParsedRequest {
  const object = OBJECT.safeParse(body);
  if (!object.success) return invalid(object.error.issues);
  const raw = object.data;
  // validate_stream_options, a mode="before" validator: it sees the raw values, with Python's truthiness.
  if (pyTruthy(raw.stream_options) && !pyTruthy(raw.stream))
    return invalid(
      [{ path: [], message: 'Value error, Stream options can only be defined when `stream=True`.' }],
      'stream_options',
    );
  const promptError = api === 'completions' ? promptValueError(raw.prompt) : undefined;
  if (promptError) return invalid([{ path: [], message: `Value error, ${promptError}` }], 'prompt');
  const r = api === 'chat' ? chatSchema.safeParse(raw) : completionSchema.safeParse(raw);
  if (!r.success) return invalid(r.error.issues);
  const d = r.data;
  // By the API, not by the keys: unknown fields pass through, so a completions body may hold `messages`.
  const prompts =
    api === 'chat'
      ? chatPrompts((d as { messages: Array<{ role: string; content?: unknown }> }).messages)
      : (d as { prompt: number[] }).prompt;
  const options = d.stream_options;
  // vLLM's CompletionRequest, as OpenAI's completions API, defaults max_tokens to 16 when it is absent
  // (`max_tokens: int | None = 16`); chat has no such default (the context's remainder).
  const completionDefault =
    api === 'completions' && raw.max_tokens === undefined ? COMPLETIONS_MAX_TOKENS : undefined;
  const maxTokens = d.max_completion_tokens ?? d.max_tokens ?? completionDefault;
  return {
    ok: true,
    request: {
      api,
      model: d.model ?? undefined,
      prompts,
      n: d.n ?? 1,
      maxTokens,
      stream: d.stream === true,
      includeUsage: includeUsage(raw.stream_options, options?.include_usage),
      seed: d.seed,
      ignoreEos: d.ignore_eos === true,
      sampling: {
        n: d.n,
        temperature: d.temperature,
        topP: d.top_p,
        presencePenalty: d.presence_penalty,
        frequencyPenalty: d.frequency_penalty,
        maxTokens,
      },
    },
  };
}
