/**
 * Token counting and generated text. The simulator has no model tokenizer, so
 * it uses OpenAI's rule of thumb for English text: about 4 characters per token
 * (help.openai.com, "What are tokens and how to count them?"). Chat requests add
 * the chat template's framing, about 4 tokens per message plus 3 to prime the
 * reply (OpenAI cookbook, "How to count tokens with tiktoken"). Counts are
 * estimates; what matters for SLOs is that longer prompts cost more.
 */
import type { Rng } from './rng.ts';

const CHARS_PER_TOKEN = 4;
const PER_MESSAGE = 4;
const REPLY_PRIMING = 3;

/** Estimated tokens of a text: ceil(characters / 4), at least 1 for non-empty text. */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** A chat message as the OpenAI API takes it; content may be a string or a list of parts. */
export interface ChatMessage {
  role: string;
  content?: unknown;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((p) => (p && typeof p === 'object' && 'text' in p && typeof p.text === 'string' ? p.text : ''))
      .join(' ');
  return '';
}

/** Estimated prompt tokens of a chat request after its chat template. */
export function countChatTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + PER_MESSAGE + countTokens(contentText(m.content)), REPLY_PRIMING);
}

const WORDS = [
  'the',
  'model',
  'serves',
  'tokens',
  'with',
  'low',
  'latency',
  'and',
  'a',
  'steady',
  'error',
  'budget',
  'while',
  'batches',
  'grow',
  'under',
  'load',
  'so',
  'queues',
  'form',
  'at',
  'peak',
  'traffic',
  'when',
  'pods',
  'scale',
  'out',
  'each',
  'request',
  'waits',
  'its',
  'turn',
  'for',
  'prefill',
  'then',
  'decodes',
];

/** One generated token's text: a word with a leading space (about 4-5 characters, like a real token). */
export function tokenText(rng: Rng): string {
  return ` ${WORDS[Math.floor(rng.next() * WORDS.length)] ?? 'token'}`;
}
