/**
 * The Prometheus source: the engine's questions as PromQL built by
 * src/promql (the same builders as the generated rules), asked of a
 * Prometheus-compatible HTTP API at the moment of evaluation.
 */
import type { ActiveAlert, StepSeries, StepWindow, WindowCounts } from '../engine/index.ts';
import { alertKey } from '../engine/index.ts';
import {
  badIncrease,
  badRatio,
  errorRate,
  heldThroughout,
  increaseRatio,
  increaseRequestRate,
  levelLabels,
  type QueryContext,
  quantile,
  recordedSli,
  requestRate,
  requestsAbsent,
  selector,
  sliErrorRecord,
  totalIncrease,
} from '../promql/index.ts';
import { type Environment, parseDuration, type RatioObjective, type SloSpec } from '../spec/index.ts';
import type { PrometheusClient } from './prometheus-client.ts';
import {
  burnQuery,
  readsRecords,
  recordedOrRaw,
  remainingQuery,
  single,
  sliceRatio,
  sliceSubqueries,
  stepQuery,
} from './prometheus-range.ts';
import { type Histogram, type PodHealth, type RateSeries, type SloSource, windowCounts } from './source.ts';

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
    const s = sliceSubqueries(
      badRatio(o, this.ctx(env), o.timeslice),
      1 - o.timesliceTarget,
      window,
      o.timeslice,
    );
    const [total, bad] = await Promise.all([this.scalar(s.total, at), this.scalar(s.bad, at)]);
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

  async sliSeries(env: Environment, o: RatioObjective, w: StepWindow): Promise<StepSeries> {
    const m = this.spec.metrics;
    const ratio = recordedOrRaw(
      m,
      readsRecords(w.stepMs) ? (window) => increaseRatio(m, env.name, o, window) : undefined,
      (window) => badRatio(o, this.ctx(env), window),
    );
    return single(w, await stepQuery(this.client, (window) => `1 - (${ratio(window)})`, w));
  }

  /**
   * The period's bad-event ratio at each step's end, from the recorded
   * increases (raw counters where the rule is missing); timeslice budgeting
   * counts the period's slices as slices() does.
   */
  async budgetSeries(env: Environment, o: RatioObjective, w: StepWindow): Promise<StepSeries> {
    const ctx = this.ctx(env);
    const m = this.spec.metrics;
    const period = selector(sliErrorRecord('environment', o.period), {
      [m.labels.environment]: env.name,
      slo: o.name,
    });
    const unrecorded =
      o.budgetingMethod === 'timeslices'
        ? this.rawSliceRatio(env, o)
        : recordedOrRaw(
            m,
            (window) => increaseRatio(m, env.name, o, window),
            (window) => badRatio(o, ctx, window),
          );
    const ratio = recordedOrRaw(m, () => period, unrecorded);
    const q = (window: string) => remainingQuery(ratio(window), o.budget);
    return single(w, await stepQuery(this.client, q, w, o.periodMs));
  }

  /** Timeslice budgeting's bad share of a window from raw counters: bad slices over slices, as slices() counts. */
  private rawSliceRatio(env: Environment, o: RatioObjective): (window: string) => string {
    const ratio = badRatio(o, this.ctx(env), o.timeslice);
    return (window) => sliceRatio(ratio, 1 - o.timesliceTarget, window, o.timeslice);
  }

  /**
   * Each window's bad-event ratio from the generated rules' record of it
   * (sli-rules.ts: the raw counters up to 6h, the recorded increases above,
   * slices averaged under timeslice budgeting), over the budget; where a
   * window has no record (an objective without burn-rate alerts records
   * only its period), the raw expression status counts with.
   */
  async burnRateSeries(env: Environment, o: RatioObjective, windows: readonly string[], w: StepWindow) {
    const m = this.spec.metrics;
    const ctx = this.ctx(env);
    const raw =
      o.budgetingMethod === 'timeslices' ? this.rawSliceRatio(env, o) : (x: string) => badRatio(o, ctx, x);
    const entries = await Promise.all(
      windows.map(async (x) => {
        const ratio = recordedOrRaw(m, () => recordedSli(m, env.name, o.name, x), raw);
        const q = () => burnQuery(ratio(x), o.budget);
        return [x, single(w, await stepQuery(this.client, q, w, parseDuration(x)))] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  async quantileSeries(env: Environment, which: Histogram, qs: readonly number[], w: StepWindow) {
    const m = this.spec.metrics;
    const histogram = which === 'duration' ? m.requestDuration : m.timeToFirstToken;
    return Promise.all(
      qs.map(async (q) =>
        single(w, await stepQuery(this.client, (window) => quantile(this.ctx(env), histogram, q, window), w)),
      ),
    );
  }

  async rateSeries(env: Environment, w: StepWindow): Promise<RateSeries> {
    const ctx = this.ctx(env);
    const m = this.spec.metrics;
    const requests = recordedOrRaw(
      m,
      readsRecords(w.stepMs) ? (window) => increaseRequestRate(m, env.name, window) : undefined,
      (window) => requestRate(ctx, window),
    );
    const [r, e] = await Promise.all([
      stepQuery(this.client, requests, w),
      stepQuery(this.client, (window) => errorRate(ctx, window), w),
    ]);
    // No series yet reads as no traffic, as an empty step of the store does.
    const zeroFilled = (x: StepSeries) => x.map((v) => v ?? 0);
    return { requests: zeroFilled(single(w, r)), errors: zeroFilled(single(w, e)) };
  }

  /** Pods that served in some step of the window (0 in the steps they did not), as the embedded source. */
  async podRateSeries(env: Environment, w: StepWindow): Promise<Record<string, StepSeries>> {
    const pod = this.spec.metrics.labels.pod;
    const series = await stepQuery(
      this.client,
      (window) => requestRate(this.ctx(env, 'environment_pod'), window),
      w,
    );
    const out: Record<string, StepSeries> = {};
    for (const s of series) {
      if (!s.values.some((v) => v !== null && v > 0)) continue;
      out[s.metric[pod] ?? ''] = s.values.map((v) => v ?? 0);
    }
    return out;
  }

  async podHealth(env: Environment, at: number): Promise<PodHealth[]> {
    const { podUp, labels } = this.spec.metrics;
    const up = selector(podUp, { [labels.environment]: env.name });
    const r = await this.client.instant(`max by (${labels.pod}) (${up})`, at);
    return r.map((s) => ({ pod: s.metric[labels.pod] ?? '', up: s.value > 0 }));
  }

  /** The pending and firing alerts of the rules Prometheus evaluates (its /api/v1/alerts). */
  async alerts(): Promise<{ firing: ActiveAlert[]; pending: ActiveAlert[] }> {
    const all = (await this.client.alerts()).flatMap((a): ActiveAlert[] => {
      if (a.state === 'inactive') return [];
      const { alertname = '', ...labels } = a.labels;
      const since = Date.parse(a.activeAt);
      return [
        {
          key: alertKey(alertname, labels),
          alertname,
          labels,
          annotations: a.annotations,
          forMs: 0,
          state: a.state,
          activeSince: since,
          // Prometheus reports when the condition began, not when the alert started firing.
          firingSince: a.state === 'firing' ? since : undefined,
        },
      ];
    });
    return {
      firing: all.filter((a) => a.state === 'firing'),
      pending: all.filter((a) => a.state === 'pending'),
    };
  }
}
