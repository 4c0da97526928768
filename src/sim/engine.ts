/**
 * A continuous-batching scheduler in the manner of vLLM's v1 scheduler: a
 * bounded waiting queue, at most maxNumSeqs running sequences, chunked prefill
 * up to maxBatchedTokens per step, one token per running sequence per step,
 * and preemption by recomputation when the KV cache cannot hold the next
 * token of every running sequence (vllm/v1/core/sched/scheduler.py).
 *
 * Steps are timed on the simulated clock by the profile's cost model; the
 * engine keeps its own nominal step times, so timer jitter on a busy machine
 * does not change the latencies it reports, only when they are delivered.
 */
import type { SimClock, Timer } from './clock.ts';
import type { EngineRequest, EngineStats, FinishedRequest, SubmitResult } from './engine-types.ts';
import type { ModelProfile } from './profiles.ts';

interface Sequence {
  req: EngineRequest;
  arrival: number;
  generated: number;
  /** Prompt (plus regenerated) tokens still to prefill before it decodes. */
  toPrefill: number;
  scheduled: number | undefined;
  firstToken: number | undefined;
  lastToken: number | undefined;
  preemptions: number;
  gaps: number[];
  aborted: boolean;
}

export interface EngineOptions {
  /** Multiplies every step's duration (latency-spike faults); 1 when absent. */
  latencyMultiplier?: () => number;
}

export class Engine {
  private readonly waiting: Sequence[] = [];
  private readonly byId = new Map<string, Sequence>();
  private pruneSoon = false;
  private readonly running: Sequence[] = [];
  private kvUsed = 0;
  private preemptionCount = 0;
  private lastEnd = 0;
  private timer: Timer | undefined;
  private stepping = false;
  /** complete() is walking `running`: an abort then must not rebuild the list under it. */
  private completing = false;

  constructor(
    readonly profile: ModelProfile,
    private readonly clock: SimClock,
    private readonly options: EngineOptions = {},
  ) {}

  /** Queues a request; refuses it when the waiting queue is full or it cannot fit the context. */
  submit(req: EngineRequest): SubmitResult {
    if (req.promptTokens + req.outputTokens > this.profile.maxModelLen)
      return { ok: false, reason: 'too_long' };
    if (this.waiting.length >= this.profile.maxWaiting) return { ok: false, reason: 'queue_full' };
    const seq: Sequence = {
      req,
      arrival: this.clock.now(),
      generated: 0,
      toPrefill: req.promptTokens,
      scheduled: undefined,
      firstToken: undefined,
      lastToken: undefined,
      preemptions: 0,
      gaps: [],
      aborted: false,
    };
    this.waiting.push(seq);
    this.byId.set(req.id, seq);
    this.kick();
    return { ok: true };
  }

  /**
   * Removes a request wherever it is; reports it finished with reason abort
   * (the client went away) or error (the engine failed it: the in-stream error fault).
   */
  abort(id: string, reason: 'abort' | 'error' = 'abort'): void {
    const seq = this.byId.get(id);
    if (!seq) return;
    this.byId.delete(id);
    seq.aborted = true;
    if (this.running.includes(seq)) this.kvUsed -= this.tokensOf(seq);
    // Removed from the lists lazily, at the next step: a mass disconnect stays linear, not quadratic.
    this.finish(seq, reason, Math.max(this.clock.now(), seq.arrival));
    this.pruneSoon = true;
    if (!this.stepping && !this.completing) this.prune();
  }

  private prune(): void {
    if (!this.pruneSoon) return;
    this.pruneSoon = false;
    const keep = (s: Sequence) => !s.aborted;
    const running = this.running.filter(keep);
    const waiting = this.waiting.filter(keep);
    this.running.length = 0;
    this.running.push(...running);
    this.waiting.length = 0;
    this.waiting.push(...waiting);
  }

  stats(): EngineStats {
    const cap = this.profile.kvCacheTokens;
    const live = (list: Sequence[]) => (this.pruneSoon ? list.filter((x) => !x.aborted).length : list.length);
    return {
      running: live(this.running),
      waiting: live(this.waiting),
      kvCacheUsage: cap > 0 && Number.isFinite(cap) ? Math.min(1, this.kvUsed / cap) : 0,
      preemptions: this.preemptionCount,
    };
  }

  /** Stops the step loop; queued requests stay where they are. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.stepping = false;
  }

  private tokensOf(seq: Sequence): number {
    return seq.req.promptTokens + seq.generated;
  }

  private kick(): void {
    if (!this.stepping) this.plan();
  }

  /** Plans the next step: admission, preemption, duration. */
  private plan(): void {
    this.prune();
    const now = this.clock.now();
    if (this.running.length === 0 && this.waiting.length === 0) return;
    // Busy: the next step starts when the last one ended (nominal time, even if its timer fired late,
    // so a loaded machine delays delivery but does not change the modelled latencies). Idle: now.
    const start = this.running.length === 0 ? Math.max(this.lastEnd, now) : this.lastEnd;
    this.makeRoomForNextToken();
    const prefillCost = this.admit(start);
    if (this.running.length === 0) return;
    const p = this.profile;
    const decoding = this.running.filter((s) => s.toPrefill === 0).length;
    const duration =
      (p.decodeBaseMs + p.decodePerSeqMs * decoding + prefillCost) *
      (this.options.latencyMultiplier?.() ?? 1);
    const end = start + duration;
    this.stepping = true;
    this.timer = this.clock.after(end - now, () => this.complete(end));
  }

  /** Preempts the newest sequences until every running one can store one more token. */
  private makeRoomForNextToken(): void {
    const cap = this.profile.kvCacheTokens;
    while (this.running.length > 1 && this.kvUsed + this.running.length > cap) {
      const victim = this.running.pop();
      if (!victim) break;
      this.kvUsed -= this.tokensOf(victim);
      // Recompute: its prompt and what it generated so far are prefilled again when it returns.
      victim.toPrefill = this.tokensOf(victim);
      victim.preemptions++;
      this.preemptionCount++;
      this.waiting.unshift(victim);
    }
  }

  /** Admits waiting sequences in order (no overtaking); returns the step's prefill cost. */
  private admit(start: number): number {
    const p = this.profile;
    let budget = p.maxBatchedTokens;
    let cost = 0;
    for (const s of this.running) {
      if (s.toPrefill === 0) continue;
      const chunk = Math.min(s.toPrefill, budget);
      budget -= chunk;
      cost += p.prefillPerTokenMs * chunk;
    }
    while (this.waiting.length > 0 && this.running.length < p.maxNumSeqs && budget > 0) {
      const next = this.waiting[0];
      if (!next || next.arrival > start) break;
      const need = this.tokensOf(next) + 1;
      if (this.kvUsed + need > p.kvCacheTokens && this.running.length > 0) break;
      this.waiting.shift();
      this.running.push(next);
      this.kvUsed += this.tokensOf(next);
      next.scheduled ??= start;
      const chunk = Math.min(next.toPrefill, budget);
      budget -= chunk;
      cost += p.prefillOverheadMs + p.prefillPerTokenMs * chunk;
    }
    return cost;
  }

  /** Ends a step at its nominal time: prefill chunks progress, decoders emit a token each. */
  private complete(end: number): void {
    this.stepping = false;
    this.timer = undefined;
    this.lastEnd = end;
    this.prune();
    let budget = this.profile.maxBatchedTokens;
    const done: Sequence[] = [];
    // A choice's onToken may abort its siblings (the in-stream error of an n > 1 request): the list
    // is pruned after the walk, and a sibling that reached its last token earlier in it is not
    // finished (nor its KV released) a second time.
    this.completing = true;
    for (const s of this.running) {
      // Aborted earlier in this walk (by a sibling choice's error): it neither prefills nor emits.
      if (s.aborted) continue;
      if (s.toPrefill > 0) {
        const chunk = Math.min(s.toPrefill, budget);
        budget -= chunk;
        s.toPrefill -= chunk;
        // The step that finishes a prefill also samples the first (next) token.
        if (s.toPrefill > 0) continue;
      }
      this.emit(s, end);
      // A request aborted from its own onToken (the in-stream error fault) is already finished.
      if (s.generated >= s.req.outputTokens && !s.aborted) done.push(s);
    }
    this.completing = false;
    if (done.length > 0) {
      const finished = new Set(done);
      const rest = this.running.filter((s) => !finished.has(s));
      this.running.length = 0;
      this.running.push(...rest);
    }
    for (const s of done) {
      if (s.aborted) continue;
      this.kvUsed -= this.tokensOf(s);
      this.byId.delete(s.req.id);
      this.finish(s, s.req.finishReason, end);
    }
    this.plan();
  }

  private emit(s: Sequence, at: number): void {
    if (s.lastToken !== undefined) s.gaps.push(at - s.lastToken);
    s.firstToken ??= at;
    s.lastToken = at;
    const index = s.generated;
    s.generated++;
    this.kvUsed++;
    s.req.onToken(index, at);
  }

  private finish(s: Sequence, reason: FinishedRequest['reason'], at: number): void {
    const r: FinishedRequest = {
      id: s.req.id,
      reason,
      promptTokens: s.req.promptTokens,
      generatedTokens: s.generated,
      arrival: s.arrival,
      scheduled: s.scheduled,
      firstToken: s.firstToken,
      finished: at,
      preemptions: s.preemptions,
      interTokenMs: s.gaps,
    };
    s.req.onFinish(r);
  }
}
