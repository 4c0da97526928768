/**
 * The embedded source: the engine's questions answered from the SQLite
 * store's rollups, counted as rollup-counts.ts says; the range questions
 * (charts) are in embedded-range.ts.
 */
import type { ScrapeTargetRecord, StepSeries, StepWindow, WindowCounts } from '../engine/index.ts';
import { goodShare } from '../engine/index.ts';
import { type Environment, parseDuration, type RatioObjective } from '../spec/index.ts';
import type { SloStore } from '../store/index.ts';
import {
  budgetSeries,
  burnSeries,
  podRateSeries,
  quantileSeries,
  rateSeries,
  stepCounts,
  windowSlices,
} from './embedded-range.ts';
import { rollupCounts } from './rollup-counts.ts';
import type { Histogram, PodHealth, RateSeries, SloSource } from './source.ts';

const MINUTE_MS = 60_000;

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
    return windowSlices(this.store, env.name, o, at - parseDuration(window), at);
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
    const pods = await this.podHealth(env, at);
    return pods.length === 0 ? undefined : pods.filter((p) => p.up).length;
  }

  async sliSeries(env: Environment, o: RatioObjective, w: StepWindow): Promise<StepSeries> {
    return goodShare(stepCounts(this.store, env.name, o, w));
  }

  async budgetSeries(env: Environment, o: RatioObjective, w: StepWindow): Promise<StepSeries> {
    return budgetSeries(this.store, env.name, o, w);
  }

  async burnRateSeries(env: Environment, o: RatioObjective, windows: readonly string[], w: StepWindow) {
    return Object.fromEntries(
      windows.map((x) => [x, burnSeries(this.store, env.name, o, parseDuration(x), w)]),
    );
  }

  async quantileSeries(env: Environment, which: Histogram, qs: readonly number[], w: StepWindow) {
    return quantileSeries(this.store, env.name, which, qs, w);
  }

  async rateSeries(env: Environment, w: StepWindow): Promise<RateSeries> {
    return rateSeries(this.store, env.name, w);
  }

  async podRateSeries(env: Environment, w: StepWindow): Promise<Record<string, StepSeries>> {
    return podRateSeries(this.store, env.name, w);
  }

  /**
   * Pods whose health was observed in the current minute, or the last one if
   * none yet (minute tallies are the finest health data): up if seen up at all.
   */
  async podHealth(env: Environment, at: number): Promise<PodHealth[]> {
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    for (const from of [minute, minute - MINUTE_MS]) {
      const u = this.store.podUptime(env.name, from, from + MINUTE_MS);
      if (u.minutesObserved > 0) return [...u.byPod].map(([pod, share]) => ({ pod, up: share > 0 }));
    }
    return [];
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
