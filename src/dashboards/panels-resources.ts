/**
 * The guide's resource panels of "Grafana Dashboard: vLLM Deployment Status":
 * 5 GPU Utilization, 6 GPU Memory Usage (DCGM exporter), 7 CPU Usage and
 * 8 Memory Usage (cAdvisor). None of these series has an environment label,
 * so each is scoped to the environment's pods by its pod regex.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { type LabelMatch, rateSum, vectorSelector } from '../promql/index.ts';
import type { SloSpec } from '../spec/index.ts';
import { promQuery, thresholdLines, thresholds, timeseriesPanel } from './grafana-parts.ts';
import { RATE_INTERVAL } from './panels-traffic.ts';
import { forEnvironmentPods } from './pod-scope.ts';

/** The guide, "Capacity Planning Metrics": scale up when GPU utilisation > 80 % for 10 minutes. */
const GUIDE_GPU_SCALE_UP_PERCENT = 80;
/** DCGM reports framebuffer memory in MiB. */
const MIB = 1048576;
/**
 * cAdvisor also exports a pod-level cgroup (container="") and the pause
 * container ("POD"); summing those with the real containers would count twice.
 */
const CONTAINER_LABEL = 'container';

function realContainers(pods: readonly LabelMatch[]): LabelMatch[] {
  return [...pods, [CONTAINER_LABEL, '!=', ''], [CONTAINER_LABEL, '!=', 'POD']];
}

/** The scale-up line: the spec's gpu-utilization-high threshold when all environments agree, else the guide's. */
export function gpuScaleUpPercent(spec: SloSpec): number {
  const values = new Set<number>();
  for (const env of spec.environments)
    for (const a of env.alerts) if (a.type === 'gpu-utilization-high') values.add(a.above);
  const [only] = values;
  return values.size === 1 && only !== undefined ? only : GUIDE_GPU_SCALE_UP_PERCENT;
}

/** 5. GPU utilisation per pod (mean over the pod's GPUs), with the scale-up line. */
export function gpuUtilizationPanel(spec: SloSpec): timeseries.PanelBuilder {
  const g = spec.metrics.gpu;
  const expr = forEnvironmentPods(
    spec,
    g.podLabel,
    (pods) => `avg by (${g.podLabel}) (${vectorSelector(g.utilization, pods)})`,
  );
  const line = gpuScaleUpPercent(spec);
  return timeseriesPanel(
    'GPU Utilization',
    `Guide: "GPU Utilization: GPU usage percentage per pod" (${g.utilization}). The line at ${line} % is the ` +
      'scale-up threshold of "Capacity Planning Metrics".',
  )
    .withTarget(promQuery('A', expr, { legend: `{{${g.podLabel}}}` }))
    .unit('percent')
    .max(100)
    .thresholds(
      thresholds([
        [null, 'green'],
        [line, 'red'],
      ]),
    )
    .thresholdsStyle(thresholdLines());
}

/** 6. GPU framebuffer used against the total (used + free), per pod, in bytes. */
export function gpuMemoryPanel(spec: SloSpec): timeseries.PanelBuilder {
  const g = spec.metrics.gpu;
  const used = forEnvironmentPods(
    spec,
    g.podLabel,
    (pods) => `sum by (${g.podLabel}) (${vectorSelector(g.memoryUsed, pods)}) * ${MIB}`,
  );
  const total = forEnvironmentPods(
    spec,
    g.podLabel,
    (pods) =>
      `sum by (${g.podLabel}) (${vectorSelector(g.memoryUsed, pods)} + ${vectorSelector(g.memoryFree, pods)}) * ${MIB}`,
  );
  return timeseriesPanel(
    'GPU Memory Usage',
    `Guide: "GPU Memory Usage: VRAM consumption vs. total". Used is ${g.memoryUsed}; total is used + ` +
      `${g.memoryFree} (DCGM reports MiB; shown in bytes).`,
  )
    .withTarget(promQuery('A', used, { legend: `{{${g.podLabel}}} used` }))
    .withTarget(promQuery('B', total, { legend: `{{${g.podLabel}}} total` }))
    .unit('bytes')
    .overrideByQuery('B', [
      { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
      { id: 'custom.fillOpacity', value: 0 },
    ]);
}

/** 7. CPU cores used per pod (cAdvisor), real containers only. */
export function cpuUsagePanel(spec: SloSpec): timeseries.PanelBuilder {
  const k = spec.metrics.kubernetes;
  const expr = forEnvironmentPods(spec, k.podLabel, (pods) =>
    rateSum([k.podLabel], vectorSelector(k.cpuUsage, realContainers(pods)), RATE_INTERVAL),
  );
  return timeseriesPanel(
    'CPU Usage',
    `Guide: "CPU Usage: CPU utilization per pod". Cores used per pod: rate of ${k.cpuUsage}.`,
  )
    .withTarget(promQuery('A', expr, { legend: `{{${k.podLabel}}}` }))
    .unit('short')
    .axisLabel('CPU cores');
}

/** 8. Working-set memory per pod (what the OOM killer compares with the limit). */
export function memoryUsagePanel(spec: SloSpec): timeseries.PanelBuilder {
  const k = spec.metrics.kubernetes;
  const expr = forEnvironmentPods(
    spec,
    k.podLabel,
    (pods) => `sum by (${k.podLabel}) (${vectorSelector(k.memoryWorkingSet, realContainers(pods))})`,
  );
  return timeseriesPanel(
    'Memory Usage',
    `Guide: "Memory Usage: system memory consumption". Working set per pod (${k.memoryWorkingSet}).`,
  )
    .withTarget(promQuery('A', expr, { legend: `{{${k.podLabel}}}` }))
    .unit('bytes')
    .drawStyle(common.GraphDrawStyle.Line);
}
