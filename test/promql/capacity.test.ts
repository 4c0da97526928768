/** Capacity planning queries: requests per GPU, GPU utilisation and headroom by pod regex. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  gpuHeadroom,
  gpuUtilizationAbove,
  gpuUtilizationByPod,
  requestsPerGpu,
} from '../../src/promql/index.ts';
import { METRICS } from './context.ts';

const UTIL = 'avg_over_time(DCGM_FI_DEV_GPU_UTIL{pod=~".*-production-.*"}[5m])';

it('divides each pod request rate by the GPUs it requested', () => {
  assert.equal(
    requestsPerGpu(METRICS, 'production', '.*-production-.*'),
    'sum by (pod) (rate(vllm_requests_total{environment="production"}[5m]))' +
      ' / on (pod) (sum by (pod) (kube_pod_container_resource_requests{resource="nvidia_com_gpu",pod=~".*-production-.*"}) > 0)',
  );
});

it('averages DCGM utilisation per pod and over the environment', () => {
  assert.equal(gpuUtilizationByPod(METRICS, '.*-production-.*'), `avg by (pod) (${UTIL})`);
  assert.equal(gpuHeadroom(METRICS, '.*-production-.*'), `100 - avg(${UTIL})`);
  assert.equal(
    gpuUtilizationAbove(METRICS, '.*-production-.*', 80),
    'avg by (pod) (DCGM_FI_DEV_GPU_UTIL{pod=~".*-production-.*"}) > 80',
  );
});

it('renames the exporter pod label to the contract one', () => {
  const metrics = { ...METRICS, gpu: { ...METRICS.gpu, podLabel: 'Hostname' } };
  assert.equal(
    gpuUtilizationByPod(metrics, '.*'),
    'label_replace(label_replace(avg by (Hostname) (avg_over_time(DCGM_FI_DEV_GPU_UTIL{Hostname=~".*"}[5m])), "pod", "$1", "Hostname", "(.*)"), "Hostname", "", "", "")',
  );
});
