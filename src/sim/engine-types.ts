/** What the simulated engine takes and gives back. */

/** vLLM v1's FinishReason (vllm/v1/engine/__init__.py): `error` is a request the engine failed. */
export type FinishReason = 'stop' | 'length' | 'abort' | 'error';

export interface EngineRequest {
  id: string;
  promptTokens: number;
  /** Tokens the request generates before it finishes (EOS or max_tokens). */
  outputTokens: number;
  /** Why it finishes when it reaches outputTokens. */
  finishReason: 'stop' | 'length';
  /** Called for each generated token with its index and the simulated time it was produced. */
  onToken(index: number, at: number): void;
  /** Called once, when the request finishes, is aborted or is preempted out of existence. */
  onFinish(result: FinishedRequest): void;
}

/** Timestamps in simulated milliseconds; the basis of vLLM's request histograms. */
export interface FinishedRequest {
  id: string;
  reason: FinishReason;
  promptTokens: number;
  generatedTokens: number;
  /** Entered the engine's waiting queue. */
  arrival: number;
  /** First admitted to the batch (undefined if aborted while waiting). */
  scheduled: number | undefined;
  firstToken: number | undefined;
  finished: number;
  preemptions: number;
  /** Gaps between consecutive tokens. */
  interTokenMs: number[];
}

export type SubmitResult = { ok: true } | { ok: false; reason: 'queue_full' | 'too_long' };

export interface EngineStats {
  running: number;
  waiting: number;
  /** KV-cache tokens in use / capacity, in [0, 1]. */
  kvCacheUsage: number;
  preemptions: number;
}
