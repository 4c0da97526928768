/**
 * The chat requests the demo's clients send: synthetic prompts (no real
 * user text exists anywhere in the demo, and none is ever logged), streamed
 * or not, with max_tokens drawn from the environment's request mix.
 */

import type { Rng } from '../sim/index.ts';
import type { RequestMix } from './fleet-plan.ts';

/** The simulator counts about 4 characters per token (src/sim/tokens.ts). */
const CHARS_PER_TOKEN = 4;
const WORDS = ['the', 'service', 'latency', 'report', 'summary', 'customer', 'ticket', 'order', 'please'];
/** Filler long enough for the longest prompt drawn (capped below). */
const MAX_PROMPT_TOKENS = 2000;
const FILLER = Array.from(
  { length: Math.ceil((MAX_PROMPT_TOKENS * CHARS_PER_TOKEN) / 6) },
  (_, i) => WORDS[i % WORDS.length],
).join(' ');

/** One request as the traffic generator sends it (the parts tests look at, and the JSON body). */
export interface DemoRequest {
  stream: boolean;
  maxTokens: number;
  promptTokens: number;
  /** The JSON body of POST /v1/chat/completions. */
  body: string;
}

function uniformInt(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return rng.int(lo, hi);
}

/** Draws one chat completion request for `model` from the mix. */
export function demoRequest(rng: Rng, model: string, mix: RequestMix): DemoRequest {
  const stream = rng.next() < mix.streamShare;
  const maxTokens = uniformInt(rng, stream ? mix.streamMaxTokens : mix.plainMaxTokens);
  const promptTokens = Math.min(
    MAX_PROMPT_TOKENS,
    Math.max(8, Math.round(rng.lognormal(mix.promptMedianTokens, mix.promptSigma))),
  );
  const offset = rng.int(0, 64);
  const content = FILLER.slice(offset, offset + promptTokens * CHARS_PER_TOKEN);
  const body = JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content },
    ],
    max_tokens: maxTokens,
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  });
  return { stream, maxTokens, promptTokens, body };
}
