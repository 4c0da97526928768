/**
 * The embedded source: the engine's questions answered from the SQLite
 * store's rollups. Latency objectives count observations above the threshold
 * exactly where the store counted every observation of the window against it
 * (the spec's thresholds, see specThresholds), and otherwise from the
 * mergeable sketch (exact up to the sketch's 0.5 % resolution).
 */
import { badEvents, exactAbove, type ScrapeTargetRecord, type WindowCounts } from '../engine/index.ts';
import {
  assertNever,
  type Environment,
  kindFacts,
  parseDuration,
  type RatioObjective,
} from '../spec/index.ts';
import type { Rollup, SloStore } from '../store/index.ts';
import { type SloSource, windowCounts } from './source.ts';

const MINUTE_MS = 60_000;

/** Bad and total events of an objective in a rollup: its environment's failures, or slow successes. */
export function rollupCounts(o: RatioObjective, r: Rollup): WindowCounts | undefined {
  const sli = kindFacts(o.kind).sli;
  switch (sli) {
    case 'duration':
    case 'ttft': {
      const threshold = o.thresholdSeconds ?? 0;
      const s = r[sli];
      return windowCounts(s.count, exactAbove(r, sli, threshold) ?? s.countAbove(threshold));
    }
    case 'failures':
      return windowCounts(r.requests, badEvents(r, o.failureTypes));
    default:
      return assertNever(sli, 'SLI kind');
  }
}

export class EmbeddedSource implements SloSource {
  readonly kind = 'embedded' as const;

  constructor(private readonly store: SloStore) {}

  async counts(
    env: Environment,
    o: RatioObjective,
    window: string,
    at: number,
  ): Promise<WindowCounts | undefined> {
    return rollupCounts(o, this.store.window(env.name, at - parseDuration(window), at));
  }

  async slices(
    env: Environment,
    o: RatioObjective,
    window: string,
    at: number,
  ): Promise<WindowCounts | undefined> {
    const from = at - parseDuration(window);
    let total = 0;
    let bad = 0;
    for (const r of this.store.series(env.name, from, at, o.timesliceMs)) {
      const c = rollupCounts(o, r);
      if (!c) continue;
      total++;
      if (c.bad / c.total > 1 - o.timesliceTarget) bad++;
    }
    return windowCounts(total, bad);
  }

  async quantile(env: Environment, which: 'duration' | 'ttft', q: number, window: string, at: number) {
    const r = this.store.window(env.name, at - parseDuration(window), at);
    return (which === 'duration' ? r.duration : r.ttft).quantile(q);
  }

  async quantileByModel(
    env: Environment,
    which: 'duration' | 'ttft',
    q: number,
    window: string,
    at: number,
  ): Promise<Map<string, number>> {
    const from = at - parseDuration(window);
    const out = new Map<string, number>();
    for (const model of this.store.requestsByModel(env.name, from, at).keys()) {
      const r = this.store.window(env.name, from, at, { model });
      const v = (which === 'duration' ? r.duration : r.ttft).quantile(q);
      if (v !== undefined) out.set(model, v);
    }
    return out;
  }

  async throughputByPod(env: Environment, window: string, at: number): Promise<Map<string, number>> {
    const ms = parseDuration(window);
    const byPod = this.store.requestsByPod(env.name, at - ms, at);
    return new Map([...byPod].map(([pod, n]) => [pod, n / (ms / 1000)]));
  }

  async podsUp(env: Environment, at: number): Promise<number | undefined> {
    // Minute tallies are the finest health data: the current minute, or the last one if none yet.
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    for (const from of [minute, minute - MINUTE_MS]) {
      const u = this.store.podUptime(env.name, from, from + MINUTE_MS);
      if (u.minutesObserved > 0) return [...u.byPod.values()].filter((share) => share > 0).length;
    }
    return undefined;
  }

  async scrapeTargets(): Promise<ScrapeTargetRecord[]> {
    return this.store.loadTargets();
  }

  async timeAvailability(env: Environment, window: string, at: number): Promise<number | undefined> {
    const u = this.store.podUptime(env.name, at - parseDuration(window), at);
    return u.minutesObserved > 0 ? u.minutesAnyUp / u.minutesObserved : undefined;
  }

  /**
   * The store keeps no series that could vanish: an idle minute and a lost
   * gateway both leave no request rows. What tells them apart is pod health:
   * the gateway's probes and the collector's scrapes record every pod every
   * few seconds, up or down (a failed scrape records the pod down). So the
   * data is absent when, over the window, no request was stored and no pod
   * was seen up. An environment that never had data is absent too, as with
   * `absent()` in Prometheus: a gateway never deployed is as blind as one
   * that died. A near-idle environment whose pods answer their probes has data.
   */
  async dataAbsent(env: Environment, window: string, at: number): Promise<boolean> {
    const [byPod, up] = await Promise.all([
      this.throughputByPod(env, window, at),
      this.timeAvailability(env, window, at),
    ]);
    return ![...byPod.values()].some((r) => r > 0) && !((up ?? 0) > 0);
  }
}
