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
  type HistogramSli,
  isRatioObjective,
  kindFacts,
  type MetricsConfig,
  type RatioObjective,
  type SloSpec,
  type ThroughputObjective,
  thresholdHistogram,
} from '../spec/index.ts';
import { promQuery, referenceLine, timeseriesPanel } from './grafana-parts.ts';
import { overObjectiveWindow, sloLine } from './slo-queries.ts';

const SLO_REF = 'SLO';

/** How a quantile panel names its histogram's SLI (the kinds' `sli`; a new histogram SLI is a type error here). */
const QUANTILE_PANELS: Record<
  HistogramSli,
  { histogram: (m: MetricsConfig) => string; prefix: string; suffix: string; guide: string }
> = {
  duration: {
    histogram: (m) => m.requestDuration,
    prefix: '',
    suffix: ' Latency vs SLO',
    guide: 'guide: P95 < 3 s, P99 < 6 s in production',
  },
  ttft: {
    histogram: (m) => m.timeToFirstToken,
    prefix: 'TTFT ',
    suffix: ' vs SLO',
    guide: 'guide: TTFT P95 < 500 ms',
  },
};

function quantileObjective(env: Environment, sli: HistogramSli, q: number): RatioObjective | undefined {
  return env.objectives
    .filter(isRatioObjective)
    .find((o) => thresholdHistogram(o.kind) === sli && o.quantile === q);
}

/** Quantiles with an objective on this histogram in some environment; P95 when there are none (the guide's). */
export function objectiveQuantiles(spec: SloSpec, sli: HistogramSli): number[] {
  const qs = new Set<number>();
  for (const env of spec.environments)
    for (const o of env.objectives.filter(isRatioObjective))
      if (thresholdHistogram(o.kind) === sli && o.quantile !== undefined) qs.add(o.quantile);
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
export function quantilePanel(spec: SloSpec, sli: HistogramSli, q: number): timeseries.PanelBuilder {
  const m = spec.metrics;
  const words = QUANTILE_PANELS[sli];
  const histogram = words.histogram(m);
  const name = `${words.prefix}${percentile(q)}`;
  const pick = (env: Environment) => quantileObjective(env, sli, q);
  const expr = overObjectiveWindow(spec, pick, (window, env) =>
    histogramQuantile(
      q,
      histogram,
      [env, [m.labels.model, '=~', grafanaVariable('model')]],
      [m.labels.model],
      window,
    ),
  );
  const panel = timeseriesPanel(
    `${name}${words.suffix}`,
    `${percentile(q)} of ${histogram} per model over the objective's window; dashed red line: the ` +
      `environment's threshold (${words.guide}).`,
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
  const pick = (env: Environment) =>
    env.objectives.find(
      (o): o is ThroughputObjective => !isRatioObjective(o) && kindFacts(o.kind).sli === 'pod-rate',
    );
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
    sloLine(spec, (env) => pick(env)?.minPerPod),
  );
}

/** Latency quantile panels, TTFT quantile panels, then throughput. */
export function performancePanels(spec: SloSpec): timeseries.PanelBuilder[] {
  return [
    ...(Object.keys(QUANTILE_PANELS) as HistogramSli[]).flatMap((sli) =>
      objectiveQuantiles(spec, sli).map((q) => quantilePanel(spec, sli, q)),
    ),
    throughputPanel(spec),
  ];
}
