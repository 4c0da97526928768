/**
 * The guide's pod panels of "Grafana Dashboard: vLLM Deployment Status":
 * 1 Pod Availability Gauge, 2 Pod Status Timeline, 9 Pod Details Table. They
 * read kube-state-metrics (names from `metrics.kubernetes`) and the gateway's
 * pod-up gauge; kube series are scoped to the environment by its pod regex.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import { grafanaVariable, type LabelMatch, stateCode, vectorSelector } from '../promql/index.ts';
import type { SloSpec } from '../spec/index.ts';
import { DATASOURCE, lastValue, legend, promQuery, thresholds } from './grafana-parts.ts';
import { forEnvironmentPods } from './pod-scope.ts';

/** kube-state-metrics' own label names (not remappable: they are the exporter's schema). */
const KSM = { condition: 'condition', phase: 'phase', node: 'node', namespace: 'namespace' } as const;

/** Pod phases (Kubernetes PodPhase) with the code the timeline plots and its colour. */
const PHASES = [
  { phase: 'Running', code: 1, color: 'green' },
  { phase: 'Pending', code: 2, color: 'yellow' },
  { phase: 'Failed', code: 3, color: 'red' },
  { phase: 'Succeeded', code: 4, color: 'blue' },
  { phase: 'Unknown', code: 5, color: 'gray' },
] as const;

/** 1. Ready pods / pods (kube readiness) next to the gateway's health-probe view. */
export function podAvailabilityPanel(spec: SloSpec): gauge.PanelBuilder {
  const k = spec.metrics.kubernetes;
  const m = spec.metrics;
  const ready = forEnvironmentPods(spec, k.podLabel, (pods) => {
    const sel = vectorSelector(k.podStatusReady, [[KSM.condition, '=', 'true'], ...pods]);
    // One condition="true" series per pod, 1 when ready: the sum counts ready pods, count counts pods.
    return `sum(${sel}) / count(${sel})`;
  });
  const probed = vectorSelector(m.podUp, [
    [m.labels.environment, '=', grafanaVariable('environment')],
    [m.labels.pod, '=~', grafanaVariable('pod')],
  ]);
  return new gauge.PanelBuilder()
    .title('Pod Availability')
    .description(
      'Guide: "Pod Availability Gauge: real-time pod readiness percentage". Kubernetes readiness ' +
        `(${k.podStatusReady}) of the environment's pods, and the share whose gateway health probe passes (${m.podUp}).`,
    )
    .datasource(DATASOURCE)
    .withTarget(promQuery('A', ready, { legend: 'Kubernetes ready', instant: true }))
    .withTarget(promQuery('B', `avg(${probed})`, { legend: 'Health probe up', instant: true }))
    .unit('percentunit')
    .min(0)
    .max(1)
    .decimals(0)
    .thresholds(
      thresholds([
        [null, 'red'],
        [0.5, 'orange'],
        [1, 'green'],
      ]),
    )
    .reduceOptions(lastValue())
    .showThresholdMarkers(true)
    .span(6)
    .height(8);
}

function phaseSeries(spec: SloSpec, pods: readonly LabelMatch[], phase: string): string {
  return vectorSelector(spec.metrics.kubernetes.podStatusPhase, [...pods, [KSM.phase, '=', phase]]);
}

/** 2. Each pod's phase over time, as a state timeline. */
export function podStatusTimelinePanel(spec: SloSpec): statetimeline.PanelBuilder {
  const k = spec.metrics.kubernetes;
  // kube_pod_status_phase has one 0/1 series per phase; the current phase becomes a code per pod.
  const expr = forEnvironmentPods(spec, k.podLabel, (pods) =>
    stateCode(
      [k.podLabel],
      PHASES.map((p) => ({ code: p.code, series: phaseSeries(spec, pods, p.phase) })),
    ),
  );
  const options: Record<string, dashboard.ValueMappingResult> = {};
  PHASES.forEach((p, index) => {
    options[String(p.code)] = { text: p.phase, color: p.color, index };
  });
  return new statetimeline.PanelBuilder()
    .title('Pod Status Timeline')
    .description(
      'Guide: "Pod Status Timeline: Running/Pending/Failed pods over time". Phase of each pod from ' +
        `${k.podStatusPhase}.`,
    )
    .datasource(DATASOURCE)
    .withTarget(promQuery('A', expr, { legend: `{{${k.podLabel}}}` }))
    .mappings([{ type: dashboard.MappingType.ValueToText, options }])
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .fillOpacity(80)
    .legend(legend())
    .span(18)
    .height(8);
}

/** 9. One row per pod: namespace, pod, phase, container restarts, node. */
export function podDetailsPanel(spec: SloSpec): table.PanelBuilder {
  const k = spec.metrics.kubernetes;
  const pod = k.podLabel;
  const keys = `${KSM.namespace}, ${pod}`;
  const expr = forEnvironmentPods(spec, pod, (pods) => {
    const info = vectorSelector(k.podInfo, pods);
    const restarts = `sum by (${keys}) (${vectorSelector(k.containerRestarts, pods)})`;
    // Pods without a container status yet (unscheduled) have no restart series: count them as 0.
    const restartsOrZero = `(\n  ${restarts}\n  or on (${keys}) 0 * max by (${keys}) (${info})\n)`;
    const node = `max by (${keys}, ${KSM.node}) (${info})`;
    const phase = `max by (${keys}, ${KSM.phase}) (${vectorSelector(k.podStatusPhase, pods)} == 1)`;
    // kube_pod_info and the current phase are 1, so the value stays the restart count.
    return `${restartsOrZero}\n* on (${keys}) group_left (${KSM.node}) ${node}\n* on (${keys}) group_left (${KSM.phase}) ${phase}`;
  });
  const phaseMappings: Record<string, dashboard.ValueMappingResult> = {};
  PHASES.forEach((p, index) => {
    phaseMappings[p.phase] = { color: p.color, index };
  });
  return new table.PanelBuilder()
    .title('Pod Details')
    .description(
      'Guide: "Pod Details Table: pod status, restarts, and node placement". From ' +
        `${k.podInfo}, ${k.podStatusPhase} and ${k.containerRestarts}.`,
    )
    .datasource(DATASOURCE)
    .withTarget(promQuery('A', expr, { instant: true, table: true }))
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true, [spec.metrics.labels.environment]: true },
        indexByName: { [KSM.namespace]: 0, [pod]: 1, [KSM.phase]: 2, Value: 3, [KSM.node]: 4 },
        renameByName: {
          [KSM.namespace]: 'Namespace',
          [pod]: 'Pod',
          [KSM.phase]: 'Status',
          Value: 'Restarts',
          [KSM.node]: 'Node',
        },
      },
    })
    .overrideByName('Status', [
      { id: 'mappings', value: [{ type: dashboard.MappingType.ValueToText, options: phaseMappings }] },
      { id: 'custom.cellOptions', value: { type: common.TableCellDisplayMode.ColorText } },
    ])
    .overrideByName('Restarts', [
      {
        id: 'thresholds',
        value: thresholds([
          [null, 'green'],
          [1, 'orange'],
          [5, 'red'],
        ]).build(),
      },
      { id: 'color', value: { mode: dashboard.FieldColorModeId.Thresholds } },
      { id: 'custom.cellOptions', value: { type: common.TableCellDisplayMode.ColorText } },
    ])
    .sortBy([new common.TableSortByFieldStateBuilder().displayName('Pod')])
    .span(24)
    .height(8);
}
