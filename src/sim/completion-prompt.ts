/**
 * The `prompt` of POST /v1/completions as vLLM takes it. CompletionRequest
 * (vllm/entrypoints/openai/completion/protocol.py) types it
 * `list[Annotated[int, Field(ge=0)]] | list[list[Annotated[int, Field(ge=0)]]] | str | list[str] | None`:
 * one text, token IDs (one prompt), or a list of either (one prompt each).
 * Two `mode="before"` validators of the model run on the raw value first:
 * - validate_prompt_and_prompt_embeds: an absent, null or "" prompt is
 *   refused ("Either prompt or prompt_embeds must be provided and non-empty.");
 * - validate_prompt_list_length: a list whose first element is not an int
 *   (`is_list_of(prompt, int)` checks the first) may hold at most
 *   VLLM_MAX_COMPLETION_PROMPTS prompts (vllm/envs.py, default 1024).
 * An empty list passes pydantic; vLLM's prompt parser then refuses it
 * ("please provide at least one prompt", parse_and_batch_prompt), which the
 * handler answers after the model check.
 */
import { z } from 'zod';
import { laxInt } from './pydantic-lax.ts';
import { countTokens } from './tokens.ts';

/** VLLM_MAX_COMPLETION_PROMPTS's default (vllm/envs.py). */
export const MAX_COMPLETION_PROMPTS = 1024;

const TYPES =
  'Input should be a valid string, a list of strings, a list of token IDs (integers >= 0) or a list of such lists';

/** An element of a token-ID list: pydantic's lax int, at least 0. */
function tokenId(v: unknown): boolean {
  const id = laxInt(v);
  return id !== undefined && id >= 0;
}

/**
 * Prompt tokens of each prompt, in order, or undefined when the value fits
 * no member of the union. The union is tried as pydantic's smart mode would
 * settle it for JSON input: a list of strings stays strings.
 */
export function promptTokenCounts(v: unknown): number[] | undefined {
  if (typeof v === 'string') return [countTokens(v)];
  if (!Array.isArray(v)) return undefined;
  if (v.every((p) => typeof p === 'string')) return v.map((p: string) => countTokens(p));
  if (v.every(tokenId)) return [v.length];
  if (v.every((p) => Array.isArray(p) && p.every(tokenId))) return v.map((p: unknown[]) => p.length);
  return undefined;
}

/** The `prompt` field of the completions schema: the token count of each prompt. */
export const promptField = z.unknown().transform((v, ctx): number[] => {
  const counts = promptTokenCounts(v);
  if (counts === undefined) ctx.addIssue({ code: 'custom', message: TYPES });
  return counts ?? [];
});

/** What the `mode="before"` validators refuse, as vLLM words it; undefined when they pass. */
export function promptValueError(prompt: unknown): string | undefined {
  if (prompt === undefined || prompt === null || prompt === '')
    return 'Either prompt or prompt_embeds must be provided and non-empty.';
  if (!Array.isArray(prompt) || prompt.length <= MAX_COMPLETION_PROMPTS) return undefined;
  const first: unknown = prompt[0];
  // Python's bool is an int, so a list starting with true counts as token IDs too.
  if (Number.isInteger(first) || typeof first === 'boolean') return undefined;
  return `prompt list length ${prompt.length} exceeds the maximum allowed count of ${MAX_COMPLETION_PROMPTS}. To increase this limit, set the VLLM_MAX_COMPLETION_PROMPTS environment variable.`;
}
