/**
 * The simulator's clock: simulated milliseconds run `scale` times faster than
 * real ones (`--time-scale N`), so a 30-minute scenario takes a minute of a test.
 */

export interface Timer {
  cancel(): void;
}

export interface SimClock {
  /** Simulated milliseconds since the clock started. */
  now(): number;
  /** How many simulated milliseconds pass per real one. */
  readonly scale: number;
  /** Calls `fn` once `simMs` simulated milliseconds have passed (0: on the next turn of the event loop). */
  after(simMs: number, fn: () => void): Timer;
}

/** Thrown for a time scale that is not a positive finite number. */
export class TimeScaleError extends Error {
  readonly code = 'invalid_time_scale';
  constructor(readonly value: number) {
    super(`time scale must be a positive number, got ${value}`);
    this.name = 'TimeScaleError';
  }
}

/**
 * The longest wait one setTimeout can hold: Node sets a delay above
 * 2^31 - 1 ms to 1 ms (with a TimeoutOverflowWarning), so a fault meant to
 * last 25 days would end at once. Fault durations above it are refused
 * (fault-schedule.ts, faults.ts); realClock chains timers beyond it anyway,
 * as --time-scale below 1 stretches a shorter simulated wait past it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** MAX_TIMER_MS as a duration people read (24d20h31m23s647ms), for messages. */
export const MAX_TIMER_TEXT = '24d20h31m23s647ms';

/** A clock on the process's monotonic time, scaled. */
export function realClock(scale = 1): SimClock {
  if (!(scale > 0 && Number.isFinite(scale))) throw new TimeScaleError(scale);
  const start = performance.now();
  return {
    scale,
    now: () => (performance.now() - start) * scale,
    after(simMs, fn) {
      const realMs = simMs / scale;
      if (realMs < 1) {
        // setTimeout rounds up to 1 ms; setImmediate keeps sub-millisecond steps from stretching.
        const h = setImmediate(fn);
        return { cancel: () => clearImmediate(h) };
      }
      // Beyond one timer's reach, wait in legs of at most MAX_TIMER_MS.
      let h: ReturnType<typeof setTimeout>;
      const wait = (left: number) => {
        h = setTimeout(
          () => (left > MAX_TIMER_MS ? wait(left - MAX_TIMER_MS) : fn()),
          Math.min(left, MAX_TIMER_MS),
        );
      };
      wait(realMs);
      return { cancel: () => clearTimeout(h) };
    },
  };
}

/**
 * A clock that moves only when told to, for deterministic engine tests:
 * `advance(ms)` runs every timer that falls due, in order.
 */
export function manualClock(): SimClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let seq = 0;
  const timers: Array<{ at: number; seq: number; fn: () => void; live: boolean }> = [];
  return {
    scale: 1,
    now: () => now,
    after(simMs, fn) {
      const t = { at: now + Math.max(0, simMs), seq: seq++, fn, live: true };
      timers.push(t);
      return {
        cancel: () => {
          t.live = false;
        },
      };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const live = timers
          .filter((t) => t.live && t.at <= until)
          .sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = live[0];
        if (!next) break;
        next.live = false;
        now = Math.max(now, next.at);
        next.fn();
      }
      now = until;
      for (let i = timers.length - 1; i >= 0; i--) if (!timers[i]?.live) timers.splice(i, 1);
    },
    pending: () => timers.filter((t) => t.live).length,
  };
}
