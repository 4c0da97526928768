/**
 * The guide's traffic panels of "Grafana Dashboard: vLLM Deployment Status":
 * 3 Request Latency (P50/P95/P99) and 4 Request Rate & Error Rate. They read
 * the gateway's metrics (names from the spec's `metrics` section), which carry
 * the environment, model and pod labels, so they filter on all three variables.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import {
  grafanaVariable,
  histogramQuantile,
  type LabelMatch,
  rateSum,
  vectorSelector,
} from '../promql/index.ts';
import type { MetricsConfig } from '../spec/index.ts';
import { DATASOURCE, legend, promQuery, tooltipAll } from './grafana-parts.ts';

/** Grafana's rate window: at least four scrape intervals, whatever the zoom. */
export const RATE_INTERVAL = '$__rate_interval';

/** The gateway series of the selected environment, models and pods. */
export function gatewayMatchers(m: MetricsConfig, options: { pod: boolean }): LabelMatch[] {
  return [
    [m.labels.environment, '=', grafanaVariable('environment')],
    [m.labels.model, '=~', grafanaVariable('model')],
    ...(options.pod ? [[m.labels.pod, '=~', grafanaVariable('pod')] as const] : []),
  ];
}

const LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;

/** 3. Request duration quantiles per model (the guide's P50/P95/P99 latency queries). */
export function requestLatencyPanel(m: MetricsConfig): timeseries.PanelBuilder {
  const matchers = gatewayMatchers(m, { pod: true });
  const panel = new timeseries.PanelBuilder()
    .title('Request Latency (P50/P95/P99)')
    .description(
      'Guide: "Request Latency: P50/P95/P99 latency trends". histogram_quantile over ' +
        `${m.requestDuration}, per model.`,
    )
    .datasource(DATASOURCE)
    .unit('s')
    .min(0)
    .legend(legend(['mean', 'max', 'lastNotNull']))
    .tooltip(tooltipAll())
    .span(12)
    .height(8);
  LATENCY_QUANTILES.forEach((q, i) => {
    const name = `P${Math.round(q * 100)}`;
    const expr = histogramQuantile(q, m.requestDuration, matchers, [m.labels.model], RATE_INTERVAL);
    panel.withTarget(
      promQuery(String.fromCharCode(65 + i), expr, { legend: `${name} {{${m.labels.model}}}` }),
    );
  });
  return panel;
}

/** errors / requests, 0 rather than no data while no error series exists yet. */
export function errorRatioExpr(m: MetricsConfig, matchers: readonly LabelMatch[], window: string): string {
  const requests = rateSum([], vectorSelector(m.requests, matchers), window);
  const errors = rateSum([], vectorSelector(m.errors, matchers), window);
  return `(${errors} or 0 * ${requests})\n/\n${requests}`;
}

/** 4. Requests per second per model (left axis) and the error percentage (right axis). */
export function requestAndErrorRatePanel(m: MetricsConfig): timeseries.PanelBuilder {
  const matchers = gatewayMatchers(m, { pod: true });
  const perModel = rateSum([m.labels.model], vectorSelector(m.requests, matchers), RATE_INTERVAL);
  return new timeseries.PanelBuilder()
    .title('Request Rate & Error Rate')
    .description(
      'Guide: "Request Rate & Error Rate: traffic volume and error percentage". Requests per second per ' +
        `model (${m.requests}) and the share of them that failed (${m.errors}), right axis.`,
    )
    .datasource(DATASOURCE)
    .withTarget(promQuery('A', perModel, { legend: `{{${m.labels.model}}}` }))
    .withTarget(promQuery('B', errorRatioExpr(m, matchers, RATE_INTERVAL), { legend: 'error rate' }))
    .unit('reqps')
    .min(0)
    .overrideByQuery('B', [
      { id: 'unit', value: 'percentunit' },
      { id: 'custom.axisPlacement', value: common.AxisPlacement.Right },
      { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } },
      { id: 'custom.fillOpacity', value: 0 },
    ])
    .legend(legend(['mean', 'max', 'lastNotNull']))
    .tooltip(tooltipAll())
    .span(12)
    .height(8);
}
