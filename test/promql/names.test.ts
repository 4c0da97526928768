/** Recording-rule names, after Prometheus's level:metric:operations convention. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as q from '../../src/promql/index.ts';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

it('names each record by level, metric and operation', () => {
  assert.equal(q.requestRateRecord('environment', '5m'), 'environment:vllm_requests:rate5m');
  assert.equal(q.errorRateRecord('environment_model', '1h'), 'environment_model:vllm_errors:rate1h');
  assert.equal(q.sliErrorRecord('environment', '30d'), 'environment:vllm_slo_errors:ratio_rate30d');
  assert.equal(q.requestIncreaseRecord('environment'), 'environment:vllm_requests:increase5m');
  assert.equal(q.sloBadIncreaseRecord('environment'), 'environment:vllm_slo_bad:increase5m');
  assert.equal(q.sloTotalIncreaseRecord('environment'), 'environment:vllm_slo_total:increase5m');
  assert.equal(q.timesliceBadRecord('environment', '1m'), 'environment:vllm_slo_timeslice_bad:1m');
});

it('keeps the labels of each level, under the spec label names', () => {
  const labels = { environment: 'env', model: 'model_id', pod: 'pod_name' };
  assert.deepEqual(q.levelLabels('environment', labels), ['env']);
  assert.deepEqual(q.levelLabels('environment_model', labels), ['env', 'model_id']);
  assert.deepEqual(q.levelLabels('environment_pod', labels), ['env', 'pod_name']);
});

it('records the SLI at the windows of issue 2, each a valid name part', () => {
  assert.deepEqual([...q.SLI_WINDOWS], ['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  for (const w of q.SLI_WINDOWS) assert.match(q.sliErrorRecord('environment', w), METRIC_NAME);
});
