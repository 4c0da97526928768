/**
 * The Prometheus source: the engine's questions as PromQL built by
 * src/promql (the same builders as the generated rules), asked of a
 * Prometheus-compatible HTTP API at the moment of evaluation.
 */
import type { WindowCounts } from '../engine/index.ts';
import {
  badIncrease,
  badRatio,
  formatNumber,
  heldThroughout,
  levelLabels,
  type QueryContext,
  quantile,
  requestRate,
  requestsAbsent,
  selector,
  totalIncrease,
} from '../promql/index.ts';
import type { Environment, RatioObjective, SloSpec } from '../spec/index.ts';
import type { PrometheusClient } from './prometheus-client.ts';
import { type SloSource, windowCounts } from './source.ts';

export class PrometheusSource implements SloSource {
  readonly kind = 'prometheus' as const;

  constructor(
    private readonly spec: SloSpec,
    private readonly client: PrometheusClient,
  ) {}

  private ctx(
    env: Environment,
    by: 'environment' | 'environment_pod' | 'environment_model' = 'environment',
  ): QueryContext {
    return {
      metrics: this.spec.metrics,
      environment: env.name,
      by: levelLabels(by, this.spec.metrics.labels),
      failureTypes: env.failureTypes,
    };
  }

  /** The single value of an instant query, or undefined when it returns nothing (no data) or NaN. */
  private async scalar(query: string, at: number): Promise<number | undefined> {
    const r = await this.client.instant(query, at);
    const v = r[0]?.value;
    return v === undefined || Number.isNaN(v) ? undefined : v;
  }

  async counts(
    env: Environment,
    o: RatioObjective,
    window: string,
    at: number,
  ): Promise<WindowCounts | undefined> {
    const ctx = this.ctx(env);
    const [total, bad] = await Promise.all([
      this.scalar(totalIncrease(o, ctx, window), at),
      this.scalar(badIncrease(o, ctx, window), at),
    ]);
    return windowCounts(total, bad);
  }

  async slices(
    env: Environment,
    o: RatioObjective,
    window: string,
    at: number,
  ): Promise<WindowCounts | undefined> {
    const ctx = this.ctx(env);
    const slice = o.timeslice;
    const ratio = badRatio(o, ctx, slice);
    const allowed = formatNumber(1 - o.timesliceTarget);
    // Subqueries at the slice's step: one sample per slice with traffic.
    const [total, bad] = await Promise.all([
      this.scalar(`count_over_time((${ratio})[${window}:${slice}])`, at),
      this.scalar(`sum_over_time(((${ratio}) > bool ${allowed})[${window}:${slice}])`, at),
    ]);
    return windowCounts(total, bad);
  }

  quantile(
    env: Environment,
    which: 'duration' | 'ttft',
    q: number,
    window: string,
    at: number,
  ): Promise<number | undefined> {
    const m = this.spec.metrics;
    return this.scalar(
      quantile(this.ctx(env), which === 'duration' ? m.requestDuration : m.timeToFirstToken, q, window),
      at,
    );
  }

  async quantileByModel(
    env: Environment,
    which: 'duration' | 'ttft',
    q: number,
    window: string,
    at: number,
  ): Promise<Map<string, number>> {
    const m = this.spec.metrics;
    const histogram = which === 'duration' ? m.requestDuration : m.timeToFirstToken;
    const r = await this.client.instant(
      quantile(this.ctx(env, 'environment_model'), histogram, q, window),
      at,
    );
    // NaN: a model with no observations in the window.
    return new Map(
      r.filter((s) => !Number.isNaN(s.value)).map((s) => [s.metric[m.labels.model] ?? '', s.value]),
    );
  }

  async throughputByPod(env: Environment, window: string, at: number): Promise<Map<string, number>> {
    const r = await this.client.instant(requestRate(this.ctx(env, 'environment_pod'), window), at);
    const pod = this.spec.metrics.labels.pod;
    return new Map(r.map((s) => [s.metric[pod] ?? '', s.value]));
  }

  podsUp(env: Environment, at: number): Promise<number | undefined> {
    const up = selector(this.spec.metrics.podUp, { [this.spec.metrics.labels.environment]: env.name });
    return this.scalar(`sum(${up} > bool 0)`, at);
  }

  timeAvailability(env: Environment, window: string, at: number): Promise<number | undefined> {
    const up = selector(this.spec.metrics.podUp, { [this.spec.metrics.labels.environment]: env.name });
    return this.scalar(`avg_over_time((max(${up}) > bool 0)[${window}:1m])`, at);
  }

  /**
   * The generated rule's own expression (absent() of the requests metric,
   * src/promql/absence.ts, which src/rules/absence-rules.ts uses too),
   * held at every evaluation of the window: a gateway whose pods are all
   * down still exports the metric, so it is not absent here either.
   */
  async dataAbsent(env: Environment, window: string, at: number): Promise<boolean> {
    return (await this.scalar(heldThroughout(requestsAbsent(this.spec.metrics, env.name), window), at)) === 1;
  }
}
