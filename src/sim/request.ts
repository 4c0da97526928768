/**
 * Reading a completion request the way vLLM validates it: JSON, a model, a
 * prompt or messages, and sampling fields of the right types. Fields the
 * simulator does not use (temperature, top_p, ...) are accepted and ignored,
 * as clients send them all the time.
 */
import { z } from 'zod';
import type { Api } from './openai-format.ts';
import { countChatTokens, countPromptTokens } from './tokens.ts';

const common = {
  model: z.string({ error: 'model is required' }),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  seed: z.number().int().nullish(),
  /** vLLM extension: generate exactly max_tokens, ignoring end-of-sequence. */
  ignore_eos: z.boolean().nullish(),
};

const chatSchema = z.looseObject({
  ...common,
  messages: z
    .array(z.looseObject({ role: z.string(), content: z.unknown() }), { error: 'messages must be a list' })
    .min(1, { error: 'messages must not be empty' }),
});

const completionSchema = z.looseObject({
  ...common,
  prompt: z.union([z.string(), z.array(z.string())], {
    error: 'prompt must be a string or a list of strings',
  }),
});

export interface SimRequest {
  api: Api;
  model: string;
  promptTokens: number;
  /** The client's cap on output tokens, if any. */
  maxTokens: number | undefined;
  stream: boolean;
  includeUsage: boolean;
  seed: number | undefined;
  ignoreEos: boolean;
}

export type ParsedRequest =
  | { ok: true; request: SimRequest }
  | { ok: false; message: string; param: string | null };

/** Validates a decoded JSON body for one of the two completion APIs. */
export function parseRequest(api: Api, body: unknown): ParsedRequest {
  const r = api === 'chat' ? chatSchema.safeParse(body) : completionSchema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    const param = issue?.path.map(String).join('.') || null;
    return { ok: false, message: `${param ?? 'body'}: ${issue?.message ?? 'invalid request'}`, param };
  }
  const d = r.data;
  const promptTokens =
    'messages' in d
      ? countChatTokens(d.messages as Array<{ role: string; content?: unknown }>)
      : countPromptTokens((d as { prompt: string | string[] }).prompt);
  return {
    ok: true,
    request: {
      api,
      model: d.model,
      promptTokens,
      maxTokens: d.max_completion_tokens ?? d.max_tokens ?? undefined,
      stream: d.stream === true,
      includeUsage: d.stream_options?.include_usage === true,
      seed: d.seed ?? undefined,
      ignoreEos: d.ignore_eos === true,
    },
  };
}
