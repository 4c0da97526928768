/**
 * Response bodies in the shapes vLLM's OpenAI-compatible server sends
 * (vllm/entrypoints/openai/protocol.py): chat and text completions, their
 * stream chunks, the model list and OpenAI-shaped errors. Server-sent events
 * are framed exactly as vLLM frames them: `data: <json>\n\n`, ending with
 * `data: [DONE]\n\n`.
 */
import { randomUUID } from 'node:crypto';

export type Api = 'chat' | 'completions';

export interface Usage {
  prompt_tokens: number;
  total_tokens: number;
  completion_tokens: number;
}

export function usage(prompt: number, completion: number): Usage {
  return { prompt_tokens: prompt, total_tokens: prompt + completion, completion_tokens: completion };
}

/** vLLM's ids: a prefix and a random uuid4 in hex. */
export function responseId(api: Api): string {
  // randomUUID draws from a cached entropy pool; randomBytes per request cost 5 % of the CPU (bench/sim-bench.ts).
  return `${api === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomUUID().replaceAll('-', '')}`;
}

/** One SSE event. */
export function sse(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

/**
 * vLLM's in-stream error event, as chat_completion_stream_generator writes it
 * when generation fails after the 200 went out
 * (vllm/entrypoints/openai/serving_chat.py: `data: {create_streaming_error_response(...)}`,
 * json.dumps spacing); `data: [DONE]` follows.
 */
export function sseError(message: string): string {
  return `data: {"error": {"message": ${JSON.stringify(message)}, "type": "InternalServerError", "param": null, "code": 500}}\n\n`;
}

interface Meta {
  id: string;
  created: number;
  model: string;
}

/** One choice of a whole response: its text and why it stopped. */
export interface ChoiceText {
  text: string;
  finish: string;
}

/**
 * The whole (non-streamed) response. Choices are indexed in order: for a
 * list of prompts, prompt by prompt, each prompt's n choices together
 * (`index=len(choices)` in request_output_to_completion_response,
 * vllm/entrypoints/openai/completion/serving.py).
 */
export function completionBody(api: Api, m: Meta, choices: readonly ChoiceText[], u: Usage): object {
  if (api === 'chat')
    return {
      id: m.id,
      object: 'chat.completion',
      created: m.created,
      model: m.model,
      choices: choices.map((c, index) => ({
        index,
        message: { role: 'assistant', content: c.text, tool_calls: [] },
        logprobs: null,
        finish_reason: c.finish,
        stop_reason: null,
      })),
      usage: u,
      prompt_logprobs: null,
    };
  return {
    id: m.id,
    object: 'text_completion',
    created: m.created,
    model: m.model,
    choices: choices.map((c, index) => ({
      index,
      text: c.text,
      logprobs: null,
      finish_reason: c.finish,
      stop_reason: null,
      prompt_logprobs: null,
    })),
    usage: u,
  };
}

/**
 * A stream chunk carrying text for the choice `index`. The chat stream opens
 * with a chunk per choice whose delta holds the role; the chunk of a
 * choice's last token carries its finish_reason.
 */
export function chunkBody(
  api: Api,
  m: Meta,
  text: string,
  finish: string | null,
  role = false,
  index = 0,
): object {
  const base = {
    id: m.id,
    object: api === 'chat' ? 'chat.completion.chunk' : 'text_completion',
    created: m.created,
    model: m.model,
  };
  if (api === 'chat') {
    const delta = role ? { role: 'assistant', content: text } : { content: text };
    const choice =
      finish === null
        ? { index, delta, logprobs: null, finish_reason: null }
        : { index, delta, logprobs: null, finish_reason: finish, stop_reason: null };
    return { ...base, choices: [choice] };
  }
  const choice =
    finish === null
      ? { index, text, logprobs: null, finish_reason: null }
      : { index, text, logprobs: null, finish_reason: finish, stop_reason: null };
  return { ...base, choices: [choice] };
}

/** The usage-only chunk sent last when stream_options.include_usage is true. */
export function usageChunkBody(api: Api, m: Meta, u: Usage): object {
  return {
    id: m.id,
    object: api === 'chat' ? 'chat.completion.chunk' : 'text_completion',
    created: m.created,
    model: m.model,
    choices: [],
    usage: u,
  };
}

/** GET /v1/models. */
export function modelList(model: string, created: number, maxModelLen: number): object {
  return {
    object: 'list',
    data: [
      {
        id: model,
        object: 'model',
        created,
        owned_by: 'vllm',
        root: model,
        parent: null,
        max_model_len: maxModelLen,
      },
    ],
  };
}

/** vLLM's error types by status (the exception class names it reports). */
const ERROR_TYPES: Record<number, string> = {
  400: 'BadRequestError',
  404: 'NotFoundError',
  413: 'BadRequestError',
  429: 'RateLimitError',
  500: 'InternalServerError',
  503: 'ServiceUnavailableError',
};

/**
 * vLLM's ErrorResponse: {"error": {message, type, param, code}}
 * (vllm/entrypoints/openai/engine/protocol.py). `type` defaults to the
 * exception class name vLLM reports for the status; request validation
 * errors say "Bad Request" instead (request.ts).
 */
export function errorBody(
  status: number,
  message: string,
  param: string | null = null,
  type?: string,
): object {
  return {
    error: { message, type: type ?? ERROR_TYPES[status] ?? 'InternalServerError', param, code: status },
  };
}
