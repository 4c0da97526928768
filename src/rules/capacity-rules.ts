/**
 * Capacity rules (the guide's "Capacity Planning Metrics"): requests per GPU,
 * GPU utilisation and headroom, and the scale-up alert. Kept in their own file
 * because they need kube-state-metrics and the DCGM exporter.
 */
import {
  GPU_HEADROOM_RECORD,
  GPU_UTILIZATION_RECORD,
  gpuHeadroom,
  gpuUtilizationByPod,
  REQUESTS_PER_GPU_RECORD,
  requestsPerGpu,
} from '../promql/index.ts';
import type { Environment, SloSpec } from '../spec/index.ts';
import { thresholdRule } from './threshold-rules.ts';
import type { RuleGroup } from './types.ts';

/** The capacity group of one environment. */
export function capacityGroup(spec: SloSpec, env: Environment): RuleGroup {
  const m = spec.metrics;
  const labels = { [m.labels.environment]: env.name };
  return {
    name: `vllm-slo-${env.name}-capacity`,
    rules: [
      { record: REQUESTS_PER_GPU_RECORD, expr: requestsPerGpu(m, env.name, env.podRegex), labels },
      { record: GPU_UTILIZATION_RECORD, expr: gpuUtilizationByPod(m, env.podRegex), labels },
      { record: GPU_HEADROOM_RECORD, expr: gpuHeadroom(m, env.podRegex), labels },
      ...env.alerts.filter((a) => a.type === 'gpu-utilization-high').map((a) => thresholdRule(spec, env, a)),
    ],
  };
}
