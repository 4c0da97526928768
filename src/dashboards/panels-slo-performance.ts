/**
 * The SLO dashboard's performance panels: latency quantiles against their SLO
 * (the guide's "P95 Latency vs SLO" panel), TTFT P95 against 500 ms, and
 * throughput per pod against its floor. Data comes from the gateway's
 * histograms and counters (remappable names), filtered by `$environment` and
 * `$model`, over the objective's measurement window.
 *
 * The SLO line is a query, not a fixed Grafana threshold: thresholds are
 * numbers in the panel, but the line differs per environment (P95 < 3 s in
 * production, < 5 s in development), so it comes from the spec per
 * environment and is drawn as a dashed red reference line. Environments
 * without the objective show the data without a line.
 */
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { grafanaVariable, histogramQuantile, rateSum, vectorSelector } from '../promql/index.ts';
import {
  type Environment,
  isRatioObjective,
  type RatioKind,
  type RatioObjective,
  type SloSpec,
} from '../spec/index.ts';
import { promQuery, referenceLine, timeseriesPanel } from './grafana-parts.ts';
import { overObjectiveWindow, sloLine } from './slo-queries.ts';

const SLO_REF = 'SLO';

function quantileObjective(env: Environment, kind: RatioKind, q: number): RatioObjective | undefined {
  return env.objectives.filter(isRatioObjective).find((o) => o.kind === kind && o.quantile === q);
}

/** Quantiles with an objective of this kind in some environment; P95 when there are none (the guide's). */
export function objectiveQuantiles(spec: SloSpec, kind: 'latency' | 'ttft'): number[] {
  const qs = new Set<number>();
  for (const env of spec.environments)
    for (const o of env.objectives.filter(isRatioObjective))
      if (o.kind === kind && o.quantile !== undefined) qs.add(o.quantile);
  return qs.size === 0 ? [0.95] : [...qs].sort((a, b) => a - b);
}

function percentile(q: number): string {
  return `P${Math.round(q * 1000) / 10}`;
}

function withSloLine(panel: timeseries.PanelBuilder, expr: string | undefined): timeseries.PanelBuilder {
  if (!expr) return panel;
  return panel
    .withTarget(promQuery(SLO_REF, expr, { legend: 'SLO' }))
    .overrideByQuery(SLO_REF, referenceLine('red'));
}

/** A latency or TTFT quantile per model against the objective's threshold. */
export function quantilePanel(spec: SloSpec, kind: 'latency' | 'ttft', q: number): timeseries.PanelBuilder {
  const m = spec.metrics;
  const histogram = kind === 'latency' ? m.requestDuration : m.timeToFirstToken;
  const name = `${kind === 'latency' ? '' : 'TTFT '}${percentile(q)}`;
  const pick = (env: Environment) => quantileObjective(env, kind, q);
  const expr = overObjectiveWindow(spec, pick, (window, env) =>
    histogramQuantile(
      q,
      histogram,
      [env, [m.labels.model, '=~', grafanaVariable('model')]],
      [m.labels.model],
      window,
    ),
  );
  const title = kind === 'latency' ? `${name} Latency vs SLO` : `${name} vs SLO`;
  const panel = timeseriesPanel(
    title,
    `${percentile(q)} of ${histogram} per model over the objective's window; dashed red line: the ` +
      `environment's threshold (${kind === 'latency' ? 'guide: P95 < 3 s, P99 < 6 s in production' : 'guide: TTFT P95 < 500 ms'}).`,
  )
    .withTarget(promQuery('A', expr, { legend: `${name} {{${m.labels.model}}}` }))
    .unit('s');
  return withSloLine(
    panel,
    sloLine(spec, (env) => pick(env)?.thresholdSeconds),
  );
}

/** Requests per second per pod against the throughput objective's per-pod floor (guide: > 10 req/s). */
export function throughputPanel(spec: SloSpec): timeseries.PanelBuilder {
  const m = spec.metrics;
  const pick = (env: Environment) => env.objectives.find((o) => o.kind === 'throughput');
  const expr = overObjectiveWindow(spec, pick, (window, env) =>
    rateSum(
      [m.labels.pod],
      vectorSelector(m.requests, [env, [m.labels.model, '=~', grafanaVariable('model')]]),
      window,
    ),
  );
  const panel = timeseriesPanel(
    'Throughput per Pod',
    `Requests per second per pod (${m.requests}) over the objective's window; dashed red line: the ` +
      "environment's minimum per pod (guide: > 10 req/s per pod).",
  )
    .withTarget(promQuery('A', expr, { legend: `{{${m.labels.pod}}}` }))
    .unit('reqps');
  return withSloLine(
    panel,
    sloLine(spec, (env) => {
      const o = pick(env);
      return o?.kind === 'throughput' ? o.minPerPod : undefined;
    }),
  );
}

/** Latency quantile panels, TTFT quantile panels, then throughput. */
export function performancePanels(spec: SloSpec): timeseries.PanelBuilder[] {
  return [
    ...objectiveQuantiles(spec, 'latency').map((q) => quantilePanel(spec, 'latency', q)),
    ...objectiveQuantiles(spec, 'ttft').map((q) => quantilePanel(spec, 'ttft', q)),
    throughputPanel(spec),
  ];
}
