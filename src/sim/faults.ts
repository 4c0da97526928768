/**
 * Fault injection state for one simulated vLLM pod: error rates by status,
 * latency spikes, slow start (unhealthy), hard outages, cut streams and hung
 * requests. Faults come from flags (the base), the admin endpoint and a
 * scripted schedule; timed ones revert by themselves. Every random draw goes
 * through the seeded Rng and every wait through the SimClock, so a run with
 * --seed repeats and --time-scale speeds schedules up.
 */
import { MAX_TIMER_MS, MAX_TIMER_TEXT, type SimClock, type Timer } from './clock.ts';
import {
  checkPatch,
  copyPatch,
  ERROR_STATUSES,
  FaultError,
  type FaultPatch,
  type FaultSettings,
  forcedFate,
  merge,
  NO_FAULTS,
  type RequestFate,
  type ScheduledFault,
} from './fault-settings.ts';
import type { Rng } from './rng.ts';

export {
  ERROR_STATUSES,
  type ErrorStatus,
  FaultError,
  type FaultErrorCode,
  type FaultPatch,
  type FaultSettings,
  FORCE_HEADER,
  RATE_SUM_SLACK,
  type RequestFate,
  type ScheduledFault,
} from './fault-settings.ts';

/** A wait no timer can hold (clock.ts, MAX_TIMER_MS): refused rather than ended after 1 ms. */
function tooLong(ms: number, subject: string): FaultError {
  return new FaultError(
    'invalid_fault_duration',
    ms,
    `at most ${MAX_TIMER_MS} ms (${MAX_TIMER_TEXT})`,
    subject,
  );
}

interface Layer {
  id: number;
  patch: FaultPatch;
  until: number | undefined;
  timer: Timer | undefined;
}

/**
 * The faults of one pod. Settings are the base (flags) with layers on top,
 * oldest first: timed overlays, and permanent changes made while an overlay
 * was active (kept as layers so the newer instruction still wins over it).
 */
export class Faults {
  private readonly initial: FaultSettings;
  private base: FaultSettings;
  private layers: Layer[] = [];
  private readonly scheduled = new Set<Timer>();
  private readonly listeners = new Set<(s: FaultSettings) => void>();
  private cached: FaultSettings | undefined;
  private nextId = 1;

  /** `base` is the faults set by flags; reset() returns to it. @throws FaultError for an invalid base. */
  constructor(
    private readonly clock: SimClock,
    private readonly rng: Rng,
    base: FaultPatch = {},
  ) {
    checkPatch(base);
    this.initial = merge(NO_FAULTS, base);
    this.base = this.initial;
  }

  /** The faults in effect now (a frozen snapshot; the engine may ask for it on every step). */
  settings(): FaultSettings {
    if (!this.cached) {
      const s = this.layers.reduce((acc, l) => merge(acc, l.patch), this.base);
      Object.freeze(s.errorRates);
      this.cached = Object.freeze(s);
    }
    return this.cached;
  }

  /**
   * Applies a patch. With `durationMs`, a timed overlay that reverts by itself
   * after that many simulated ms; without, a lasting change until reset().
   * The newest instruction wins per field either way.
   * @throws FaultError for an invalid patch or a duration that is not a positive number.
   */
  apply(patch: FaultPatch, durationMs?: number): { id: number; until: number | undefined } {
    checkPatch(patch);
    if (durationMs !== undefined && !(durationMs > 0 && Number.isFinite(durationMs)))
      throw new FaultError('invalid_fault_duration', durationMs, 'a duration above 0 ms', 'duration');
    if (durationMs !== undefined && durationMs > MAX_TIMER_MS) throw tooLong(durationMs, 'duration');
    const id = this.nextId++;
    const until = durationMs === undefined ? undefined : this.clock.now() + durationMs;
    const timer = durationMs === undefined ? undefined : this.clock.after(durationMs, () => this.expire(id));
    this.layers.push({ id, patch: copyPatch(patch), until, timer });
    this.changed();
    return { id, until };
  }

  /** The layers above the base, oldest first; `until` is undefined for a lasting change. */
  active(): Array<{ id: number; patch: FaultPatch; until: number | undefined }> {
    return this.layers.map((l) => ({ id: l.id, patch: copyPatch(l.patch), until: l.until }));
  }

  /** Back to the constructor's base with no overlays. A running schedule carries on with its later entries. */
  reset(): void {
    for (const l of this.layers) l.timer?.cancel();
    this.layers = [];
    this.base = this.initial;
    this.changed();
  }

  /**
   * Decides what happens to one request. Order: a forced fault (header), then
   * unhealthy (503), then hang, then the error statuses, then for a stream a
   * cut at a uniform token index in [1, expectedTokens - 1], then the
   * in-stream error (after a uniform number of tokens in [0, expectedTokens - 1];
   * a 500 when not streaming), which shares the cut's draw. Three draws per
   * unforced request whatever the rates, so changing one rate does not
   * reshuffle which requests meet the others; forced fates draw nothing.
   * @throws FaultError (code invalid_forced_fault) for an unknown forced value.
   */
  fate(opts: { forced?: string; streaming: boolean; expectedTokens: number }): RequestFate {
    if (opts.forced !== undefined) return forcedFate(opts.forced, opts.expectedTokens, opts.streaming);
    const s = this.settings();
    if (s.unhealthy) return { kind: 'error', status: 503 };
    const hang = this.rng.next();
    const error = this.rng.next();
    const cut = this.rng.next();
    if (hang < s.hangRate) return { kind: 'hang' };
    let acc = 0;
    for (const status of ERROR_STATUSES) {
      acc += s.errorRates[status];
      if (error < acc) return { kind: 'error', status };
    }
    const gaps = Math.floor(opts.expectedTokens) - 1;
    if (opts.streaming && gaps >= 1 && cut < s.streamCutRate) {
      // Given a cut, cut / rate is uniform in [0, 1): reuse it for the index rather than drawing again.
      const afterTokens = 1 + Math.min(gaps - 1, Math.floor((cut / s.streamCutRate) * gaps));
      return { kind: 'cut', afterTokens };
    }
    // The cut's draw, past the cut's share: no extra draw, so runs without this fault repeat as before.
    const past = opts.streaming && gaps >= 1 ? cut - s.streamCutRate : cut;
    if (past >= 0 && past < s.streamErrorRate) {
      if (!opts.streaming) return { kind: 'error', status: 500 };
      const tokens = Math.max(1, Math.floor(opts.expectedTokens));
      return {
        kind: 'stream-error',
        afterTokens: Math.min(tokens - 1, Math.floor((past / s.streamErrorRate) * tokens)),
      };
    }
    return { kind: 'serve' };
  }

  /** Calls `listener` whenever the settings may have changed; returns a function that unsubscribes. */
  onChange(listener: (s: FaultSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs a scripted schedule, its times relative to now. Entries due at once
   * apply before this returns (so a slow start at 0s holds for the first
   * request); entries due together apply in list order, later ones winning.
   * @throws FaultError before anything is scheduled if any entry is invalid.
   */
  startSchedule(schedule: readonly ScheduledFault[]): void {
    for (const entry of schedule) {
      checkPatch(entry.patch);
      if (!(entry.atMs >= 0 && Number.isFinite(entry.atMs)))
        throw new FaultError('invalid_fault_duration', entry.atMs, 'a time of 0 ms or more', 'atMs');
      if (!(entry.durationMs > 0 && Number.isFinite(entry.durationMs)))
        throw new FaultError(
          'invalid_fault_duration',
          entry.durationMs,
          'a duration above 0 ms',
          'durationMs',
        );
      if (entry.atMs > MAX_TIMER_MS) throw tooLong(entry.atMs, 'atMs');
      if (entry.durationMs > MAX_TIMER_MS) throw tooLong(entry.durationMs, 'durationMs');
    }
    for (const entry of schedule) {
      if (entry.atMs === 0) {
        this.apply(entry.patch, entry.durationMs);
        continue;
      }
      const timer = this.clock.after(entry.atMs, () => {
        this.scheduled.delete(timer);
        this.apply(entry.patch, entry.durationMs);
      });
      this.scheduled.add(timer);
    }
  }

  /** Cancels every timer (schedule and expiries); the settings stay as they are. */
  stop(): void {
    for (const t of this.scheduled) t.cancel();
    this.scheduled.clear();
    for (const l of this.layers) {
      l.timer?.cancel();
      l.timer = undefined;
    }
  }

  private expire(id: number): void {
    this.layers = this.layers.filter((l) => l.id !== id);
    this.changed();
  }

  private changed(): void {
    // Lasting changes with no overlay under them can join the base: the layer list stays short.
    while (this.layers[0] && this.layers[0].until === undefined) {
      const first = this.layers.shift();
      if (first) this.base = merge(this.base, first.patch);
    }
    this.cached = undefined;
    const s = this.settings();
    for (const listener of [...this.listeners]) listener(s);
  }
}
