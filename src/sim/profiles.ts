/**
 * Model profiles of the latency model. A step of the continuous-batching
 * scheduler takes
 *
 *   decodeBaseMs + decodePerSeqMs * running + Σ(prefillOverheadMs + prefillPerTokenMs * prompt tokens)
 *
 * over the sequences that prefill in that step, and every sequence in the batch
 * gets one token per step. Requests also pay `apiOverheadMs` (HTTP, tokenisation,
 * detokenisation in vLLM's API server) before they reach the queue; it delays
 * them without occupying the GPU.
 *
 * Calibration, for the guide's typical chat request (500 prompt, 200 output tokens):
 * at saturation (batch B = maxNumSeqs), one second holds 200λ/B steps, so
 *   1000 ms = λ * (200 * decodeBaseMs / B + 200 * decodePerSeqMs + prefillOverheadMs + 500 * prefillPerTokenMs)
 * which gives λ ≈ 26 req/s (7B), 12.5 (13B, fewer where the KV cache preempts), 3.8 (70B): inside the guide's
 * "Expected Throughput by Model Size" (20-30, 10-15, 2-5 req/s per GPU); the
 * test in test/sim checks it. At batch 1 a token takes decodeBaseMs (8B on an
 * H100: 10-15 ms per output token in published vLLM benchmarks) and TTFT is
 * apiOverhead + one prefill step (8B on an H100: about 60-120 ms).
 */

export interface ModelProfile {
  name: string;
  /** Model id served on /v1/models when none is given. */
  model: string;
  /** vLLM's --max-num-seqs: sequences in one batch. */
  maxNumSeqs: number;
  /** Requests waiting beyond this get 429 (vLLM has no bound by default; a gateway in front has one). */
  maxWaiting: number;
  /** vLLM's --max-model-len: prompt plus output tokens of one sequence. */
  maxModelLen: number;
  /** Tokens the KV cache holds; beyond it the newest sequence is preempted (recomputed later). */
  kvCacheTokens: number;
  /** vLLM's --max-num-batched-tokens: prompt tokens prefilled in one step (chunked prefill). */
  maxBatchedTokens: number;
  decodeBaseMs: number;
  decodePerSeqMs: number;
  prefillOverheadMs: number;
  prefillPerTokenMs: number;
  apiOverheadMs: number;
  /** Median and log-normal sigma of the length a response would stop at by itself (EOS). */
  outputMedianTokens: number;
  outputSigma: number;
}

const CHAT = { outputMedianTokens: 200, outputSigma: 0.5 };

/**
 * Llama-3.1-8B class on one H100 80GB. KV cache: 2 (K,V) * 32 layers * 8 KV heads
 * * 128 dims * 2 bytes = 128 KiB per token; about 55 GiB free after weights gives
 * about 450k tokens.
 */
const P7B: ModelProfile = {
  name: '7b',
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  maxNumSeqs: 256,
  maxWaiting: 1024,
  maxModelLen: 8192,
  kvCacheTokens: 450_000,
  maxBatchedTokens: 8192,
  decodeBaseMs: 11,
  decodePerSeqMs: 0.05,
  prefillOverheadMs: 4,
  prefillPerTokenMs: 0.035,
  apiOverheadMs: 30,
  ...CHAT,
};

/**
 * Llama-2-13B class on one H100 with an fp8 KV cache: 2 * 40 layers * 40 heads
 * * 128 dims * 1 byte = 400 KiB per token, about 50 GiB free -> 128k tokens,
 * so KV memory, not max_num_seqs, bounds the batch (about 180 chat requests).
 */
const P13B: ModelProfile = {
  name: '13b',
  model: 'meta-llama/Llama-2-13b-chat-hf',
  maxNumSeqs: 256,
  maxWaiting: 1024,
  maxModelLen: 4096,
  kvCacheTokens: 128_000,
  maxBatchedTokens: 8192,
  decodeBaseMs: 18,
  decodePerSeqMs: 0.1,
  prefillOverheadMs: 6,
  prefillPerTokenMs: 0.06,
  apiOverheadMs: 30,
  ...CHAT,
};

/** Llama-3.1-70B class, tensor-parallel; per-pod figures. KV sized so a full batch of chat requests fits. */
const P70B: ModelProfile = {
  name: '70b',
  model: 'meta-llama/Llama-3.1-70B-Instruct',
  maxNumSeqs: 128,
  maxWaiting: 512,
  maxModelLen: 8192,
  kvCacheTokens: 100_000,
  maxBatchedTokens: 8192,
  decodeBaseMs: 35,
  decodePerSeqMs: 0.5,
  prefillOverheadMs: 10,
  prefillPerTokenMs: 0.2,
  apiOverheadMs: 30,
  ...CHAT,
};

/** No latency and a batch as large as memory allows: for load-testing the simulator's own HTTP path. */
const BENCH: ModelProfile = {
  name: 'bench',
  model: 'sim/bench',
  maxNumSeqs: 100_000,
  maxWaiting: 100_000,
  maxModelLen: 1_000_000,
  kvCacheTokens: Number.MAX_SAFE_INTEGER,
  maxBatchedTokens: Number.MAX_SAFE_INTEGER,
  decodeBaseMs: 0,
  decodePerSeqMs: 0,
  prefillOverheadMs: 0,
  prefillPerTokenMs: 0,
  apiOverheadMs: 0,
  outputMedianTokens: 16,
  outputSigma: 0,
};

export const PROFILES: Readonly<Record<string, ModelProfile>> = {
  '7b': P7B,
  '13b': P13B,
  '70b': P70B,
  bench: BENCH,
};

/** Thrown for a profile name that does not exist. */
export class UnknownProfileError extends Error {
  readonly code = 'unknown_profile';
  constructor(readonly value: string) {
    super(
      `unknown model profile ${JSON.stringify(value)}; expected one of ${Object.keys(PROFILES).join(', ')}`,
    );
    this.name = 'UnknownProfileError';
  }
}

/** The named profile, with overrides applied. */
export function profile(name: string, overrides: Partial<ModelProfile> = {}): ModelProfile {
  const p = PROFILES[name];
  if (!p) throw new UnknownProfileError(name);
  return { ...p, ...overrides };
}
