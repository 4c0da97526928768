/**
 * Open-loop client traffic for the demo: per environment, Poisson arrivals
 * whose rate follows the daily shape on a compressed day, each a chat
 * completion through the environment's gateway. Open loop (arrivals do not
 * wait for answers), as real clients behave, so a slow pod builds a queue
 * instead of slowing the clients down; bounded by a cap on requests in
 * flight, above which arrivals are shed (counted, not sent).
 */
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';
import { type Rng, realClock, type SimClock, seededRng } from '../sim/index.ts';
import { compressedDayFraction, dailyShare, utcDayFraction } from './daily-shape.ts';
import { DemoError } from './demo-error.ts';
import type { RequestMix } from './fleet-plan.ts';
import { type DemoRequest, demoRequest } from './request-body.ts';

/** Where one environment's traffic goes and what it looks like. */
export interface TrafficTarget {
  environment: string;
  /** Base URL of the environment's gateway. */
  url: string;
  model: string;
  peakRequestsPerSecond: number;
  mix: RequestMix;
}

/** Sends one request and resolves when its answer is read to the end; rejects on a transport failure. */
export type SendRequest = (target: TrafficTarget, req: DemoRequest, signal: AbortSignal) => Promise<void>;

export interface TrafficOptions {
  targets: readonly TrafficTarget[];
  /** Real milliseconds one day of the daily shape lasts. */
  dayLengthMs: number;
  /** Point of the day the traffic starts at (0..1); default the current UTC time of day, where the backfill ends. */
  startDayFraction?: number;
  /** Factor on every rate (default 1). */
  scale?: number;
  seed?: number;
  /** Default the real clock; tests pass a manual one. */
  clock?: SimClock;
  /** Requests in flight (all environments) above which arrivals are shed; default 256. */
  maxInFlight?: number;
  /** Default: POST {url}/v1/chat/completions with undici, reading the body to its end. */
  send?: SendRequest;
}

export interface TrafficStats {
  /** Arrivals drawn, shed ones included. */
  arrivals: number;
  /** Arrivals per environment. */
  byEnvironment: Record<string, number>;
  /** Arrivals not sent because maxInFlight requests were open. */
  shed: number;
  /** Requests that failed below HTTP (connection refused, aborted at stop). */
  failed: number;
  inFlight: number;
}

export interface Traffic {
  /** The arrival rate of an environment now, requests per second (0 for an unknown one). */
  rate(environment: string): number;
  stats(): TrafficStats;
  /**
   * Stops arrivals, waits up to `graceMs` (default 5000) for requests in
   * flight, aborts the rest and closes the connections. Idempotent.
   */
  stop(graceMs?: number): Promise<void>;
}

/** The default SendRequest and the connection pool it owns. */
function undiciSender(): { send: SendRequest; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const send: SendRequest = async (target, req, signal) => {
    const res = await request(`${target.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: req.body,
      dispatcher: agent,
      signal,
    });
    // Read to the end: dropping a stream early would count as a client cancellation.
    await res.body.arrayBuffer();
  };
  return { send, close: () => agent.destroy() };
}

/**
 * Starts the traffic. Arrivals are a non-homogeneous Poisson process drawn by
 * thinning (Lewis and Shedler, 1979): candidates at the peak rate, each kept
 * with probability rate(t) / peak, which is exact for any rate curve.
 * @throws DemoError (invalid_option) for a day length or scale that is not positive.
 */
export function startTraffic(o: TrafficOptions): Traffic {
  if (!(o.dayLengthMs > 0))
    throw new DemoError('invalid_option', `dayLengthMs must be above 0, got ${o.dayLengthMs}`);
  const scale = o.scale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new DemoError('invalid_option', `trafficScale must be above 0, got ${scale}`);
  const clock = o.clock ?? realClock();
  const maxInFlight = o.maxInFlight ?? 256;
  const startFraction = o.startDayFraction ?? utcDayFraction(Date.now());
  const started = clock.now();
  const own = o.send ? undefined : undiciSender();
  const send = o.send ?? own?.send;
  const rng = seededRng(o.seed ?? 1);
  const abort = new AbortController();
  // Every request in flight listens on the one stop signal.
  setMaxListeners(0, abort.signal);
  const inFlight = new Set<Promise<void>>();
  const timers = new Map<string, { cancel(): void }>();
  const stats: TrafficStats = { arrivals: 0, byEnvironment: {}, shed: 0, failed: 0, inFlight: 0 };
  let stopping: Promise<void> | undefined;

  const share = () => dailyShare(compressedDayFraction(startFraction, clock.now() - started, o.dayLengthMs));

  const arrive = (t: TrafficTarget, r: Rng) => {
    stats.arrivals++;
    stats.byEnvironment[t.environment] = (stats.byEnvironment[t.environment] ?? 0) + 1;
    if (inFlight.size >= maxInFlight || !send) {
      stats.shed++;
      return;
    }
    const p: Promise<void> = send(t, demoRequest(r, t.model, t.mix), abort.signal)
      .catch(() => {
        stats.failed++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  for (const t of o.targets) {
    const peak = t.peakRequestsPerSecond * scale;
    if (!(peak > 0)) continue;
    const r = rng.fork();
    const next = () => {
      const gapMs = (-Math.log(1 - r.next()) / peak) * 1000;
      timers.set(
        t.environment,
        clock.after(gapMs, () => {
          if (stopping) return;
          if (r.next() < share()) arrive(t, r);
          next();
        }),
      );
    };
    next();
  }

  return {
    rate(environment) {
      const t = o.targets.find((x) => x.environment === environment);
      return t ? t.peakRequestsPerSecond * scale * share() : 0;
    },
    stats: () => ({ ...stats, byEnvironment: { ...stats.byEnvironment }, inFlight: inFlight.size }),
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        for (const timer of timers.values()) timer.cancel();
        timers.clear();
        let grace: NodeJS.Timeout | undefined;
        const waited = new Promise<void>((resolve) => {
          grace = setTimeout(resolve, graceMs);
        });
        await Promise.race([Promise.allSettled([...inFlight]), waited]);
        clearTimeout(grace);
        abort.abort();
        await Promise.allSettled([...inFlight]);
        await own?.close();
      })();
      return stopping;
    },
  };
}
