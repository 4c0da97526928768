/**
 * The checks vLLM makes when it builds SamplingParams from a request that
 * passed pydantic (vllm/sampling_params.py, `_verify_args` and
 * `_verify_greedy_sampling`), in that order and with its messages. vLLM
 * raises VLLMValidationError, which the serving layer answers with a 400 of
 * type "BadRequestError" and the error's `parameter` as param (null where
 * vLLM names none); see create_error_response in vllm/entrypoints/utils.py.
 */
import { pyFloat } from './pydantic-lax.ts';

/**
 * vLLM's default VLLM_MAX_N_SEQUENCES, the largest `n` it accepts
 * (SamplingParams.n's docstring: "default: 16384").
 */
export const MAX_N_SEQUENCES = 16384;
/** Below this temperature vLLM samples greedily (_SAMPLING_EPS in vllm/sampling_params.py). */
const SAMPLING_EPS = 1e-5;

/** The sampling fields of a request, after pydantic's coercions; undefined where the client sent none. */
export interface SamplingFields {
  n: number | undefined;
  temperature: number | undefined;
  topP: number | undefined;
  presencePenalty: number | undefined;
  frequencyPenalty: number | undefined;
  /** max_completion_tokens, else max_tokens, as vLLM passes it on. */
  maxTokens: number | undefined;
}

export interface SamplingProblem {
  message: string;
  param: string | null;
}

/** The first problem vLLM would report, or undefined when SamplingParams accepts the fields. */
export function samplingProblem(f: SamplingFields): SamplingProblem | undefined {
  const n = f.n ?? 1;
  if (n < 1) return { message: `n must be at least 1, got ${n}.`, param: null };
  if (n > MAX_N_SEQUENCES)
    return {
      message: `n must be at most ${MAX_N_SEQUENCES}, got ${n}. To increase this limit, set the VLLM_MAX_N_SEQUENCES environment variable.`,
      param: null,
    };
  for (const [name, v] of [
    ['presence_penalty', f.presencePenalty],
    ['frequency_penalty', f.frequencyPenalty],
  ] as const)
    if (v !== undefined && !(v >= -2 && v <= 2))
      return { message: `${name} must be in [-2, 2], got ${pyFloat(v)}.`, param: null };
  const t = f.temperature;
  if (t !== undefined && !Number.isFinite(t))
    return { message: `temperature must be a finite number, got ${pyFloat(t)}.`, param: 'temperature' };
  if (t !== undefined && t < 0)
    return { message: `temperature must be non-negative, got ${pyFloat(t)}.`, param: 'temperature' };
  if (t !== undefined && t > 2)
    return { message: `temperature must be in [0, 2], got ${pyFloat(t)}.`, param: 'temperature' };
  const p = f.topP;
  if (p !== undefined && !(p > 0 && p <= 1))
    return { message: `top_p must be in (0, 1], got ${pyFloat(p)}.`, param: 'top_p' };
  const m = f.maxTokens;
  if (m !== undefined && m < 1)
    return { message: `max_tokens must be at least 1, got ${m}.`, param: 'max_tokens' };
  // Greedy only when the client asks for it: without a temperature vLLM uses the model's default (above 0).
  if (t !== undefined && t < SAMPLING_EPS && n > 1)
    return { message: `n must be 1 when using greedy sampling, got ${n}.`, param: null };
  return undefined;
}
