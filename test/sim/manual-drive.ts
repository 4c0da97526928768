/**
 * Driving a pod on a manual clock over HTTP: simulated time moves only when
 * the test advances it, and the test waits for the HTTP side before it does,
 * so a loaded machine slows the test down but cannot change what it measures
 * (the standards forbid timing thresholds in unit tests).
 */
import type { manualClock } from '../../src/sim/index.ts';

export type ManualClock = ReturnType<typeof manualClock>;

/** One turn of the event loop: pending I/O callbacks and microtasks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Advances `clock` by `ms` in steps of `stepMs`, letting I/O and microtasks run
 * after each step: a request whose API-server delay ends in a step reaches the
 * engine (a microtask after the timer) before the next step, so it is at most
 * one step late.
 */
export async function advance(clock: ManualClock, ms: number, stepMs = 1): Promise<void> {
  const end = clock.now() + ms;
  while (clock.now() < end) {
    clock.advance(Math.min(stepMs, end - clock.now()));
    await settle();
  }
}

/** Advances `clock` until it reads `at` (no-op when it is already there). */
export function advanceTo(clock: ManualClock, at: number, stepMs = 1): Promise<void> {
  return advance(clock, Math.max(0, at - clock.now()), stepMs);
}

/**
 * Advances `clock` step by step until `work` settles (an HTTP request the pod
 * answers in simulated time), at most `maxMs` simulated; resolves with its result.
 */
export async function whileAdvancing<T>(clock: ManualClock, work: Promise<T>, maxMs = 600_000): Promise<T> {
  let settled = false;
  const watched = work.finally(() => {
    settled = true;
  });
  // Rejections are reported by the await below, not as unhandled in the meantime.
  watched.catch(() => undefined);
  const end = clock.now() + maxMs;
  while (!settled && clock.now() < end) await advance(clock, 1);
  if (!settled) throw new Error(`still unanswered after ${maxMs} simulated ms`);
  return watched;
}

/**
 * Waits (in real time, simulated time standing still) until `cond` holds. The
 * deadline only turns a hang into an error; nothing is measured against it.
 */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 30_000,
): Promise<void> {
  const end = performance.now() + deadlineMs;
  while (!(await cond())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await settle();
  }
}

/**
 * Waits until the pod has taken one more request in: its handler arms one
 * timer (the API server's delay) per request, and only `advance` fires timers,
 * so `pending()` rises by one when the request has been read.
 */
export async function waitForArrival(clock: ManualClock, before: number): Promise<void> {
  await waitFor(() => clock.pending() > before, 'the pod to receive the request');
}

/** Sum of every sample of `name` (all label sets) in an exposition text. */
export function sumSamples(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}
