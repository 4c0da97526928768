/**
 * Capacity planning PromQL (the guide's "Capacity Planning Metrics"): requests
 * per GPU from kube-state-metrics, GPU utilisation and headroom from the DCGM
 * exporter. Kubernetes and DCGM series carry no environment label, so the
 * environment's pods are picked by its podRegex.
 */
import type { MetricsConfig } from '../spec/index.ts';
import { formatNumber, rangeSelector, renameLabel, selector } from './selector.ts';

/** Requests per second per GPU requested, per pod. */
export function requestsPerGpu(m: MetricsConfig, environment: string, podRegex: string): string {
  const pod = m.labels.pod;
  const requests = `sum by (${pod}) (rate(${rangeSelector(m.requests, { [m.labels.environment]: environment }, '5m')}))`;
  const gpus = selector(m.kubernetes.gpuRequests, {
    resource: m.kubernetes.gpuResource,
    [m.kubernetes.podLabel]: { op: '=~', value: podRegex },
  });
  const gpusByPod = renameLabel(`sum by (${m.kubernetes.podLabel}) (${gpus})`, m.kubernetes.podLabel, pod);
  return `${requests} / on (${pod}) (${gpusByPod} > 0)`;
}

function gpuUtil(m: MetricsConfig, podRegex: string): string {
  return `avg_over_time(${rangeSelector(m.gpu.utilization, { [m.gpu.podLabel]: { op: '=~', value: podRegex } }, '5m')})`;
}

/** Mean GPU utilisation (percent) of each pod over 5 minutes. */
export function gpuUtilizationByPod(m: MetricsConfig, podRegex: string): string {
  return renameLabel(`avg by (${m.gpu.podLabel}) (${gpuUtil(m, podRegex)})`, m.gpu.podLabel, m.labels.pod);
}

/** 100 minus the environment's mean GPU utilisation: room left before scaling (guide). */
export function gpuHeadroom(m: MetricsConfig, podRegex: string): string {
  return `100 - avg(${gpuUtil(m, podRegex)})`;
}

/** The scale-up condition: mean GPU utilisation of a pod above the threshold (guide: 80 %). */
export function gpuUtilizationAbove(m: MetricsConfig, podRegex: string, percent: number): string {
  const now = selector(m.gpu.utilization, { [m.gpu.podLabel]: { op: '=~', value: podRegex } });
  return `${renameLabel(`avg by (${m.gpu.podLabel}) (${now})`, m.gpu.podLabel, m.labels.pod)} > ${formatNumber(percent)}`;
}
