/**
 * Dashboard variables. Their values come from the gateway's own metrics, with
 * the metric and label names of the spec's `metrics` section (users remap them).
 *
 * `environment` is single-select: SLO targets, periods and pod regexes differ
 * per environment, so each panel shows one environment's numbers against that
 * environment's objectives. `model` and `pod` are multi-select with "All" as
 * `.*`, so queries filter with `=~"$model"` and an unrestricted selection
 * costs nothing.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { grafanaVariable, vectorSelector } from '../promql/index.ts';
import type { MetricsConfig } from '../spec/index.ts';
import { DATASOURCE, DATASOURCE_VARIABLE } from './grafana-parts.ts';

/** Variable names the panels' queries use. */
export const VARIABLES = { environment: 'environment', model: 'model', pod: 'pod' } as const;

/** The Prometheus datasource picker (type prometheus: Prometheus, Thanos, Mimir, VictoriaMetrics). */
export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source')
    .type('prometheus')
    .description(
      'Prometheus (or a compatible store) holding the gateway metrics and the vllm-slo recording rules.',
    );
}

function labelValues(name: string, label: string, query: string): dashboard.QueryVariableBuilder {
  const definition = `label_values(${query}, ${label})`;
  return new dashboard.QueryVariableBuilder(name)
    .datasource(DATASOURCE)
    .query(definition)
    .definition(definition)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}

/** `environment`: label_values(<requests>, <environment label>), one at a time. */
export function environmentVariable(m: MetricsConfig): dashboard.QueryVariableBuilder {
  return labelValues(VARIABLES.environment, m.labels.environment, m.requests)
    .label('Environment')
    .multi(false)
    .includeAll(false);
}

function envFilter(m: MetricsConfig): string {
  return vectorSelector(m.requests, [[m.labels.environment, '=', grafanaVariable(VARIABLES.environment)]]);
}

/** `model`: the models of the selected environment; several or All. */
export function modelVariable(m: MetricsConfig): dashboard.QueryVariableBuilder {
  return labelValues(VARIABLES.model, m.labels.model, envFilter(m))
    .label('Model')
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: ['All'], value: ['$__all'] });
}

/**
 * `pod`: the pods the gateway probes in the selected environment (from the
 * pod-up gauge, so idle pods are listed too); several or All.
 */
export function podVariable(m: MetricsConfig): dashboard.QueryVariableBuilder {
  const probed = vectorSelector(m.podUp, [
    [m.labels.environment, '=', grafanaVariable(VARIABLES.environment)],
  ]);
  return labelValues(VARIABLES.pod, m.labels.pod, probed)
    .label('Pod')
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: ['All'], value: ['$__all'] });
}
