/** The absence and "held throughout" conditions. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { heldThroughout, requestsAbsent } from '../../src/promql/index.ts';
import { METRICS } from './context.ts';

it('asks for the requests metric of the environment to be absent, as Pyrra does', () => {
  assert.equal(
    requestsAbsent(METRICS, 'production'),
    'absent(vllm_requests_total{environment="production"}) == 1',
  );
});

it('uses the spec names of the metric and the environment label', () => {
  const metrics = {
    ...METRICS,
    requests: 'llm_requests_total',
    labels: { ...METRICS.labels, environment: 'env' },
  };
  assert.equal(requestsAbsent(metrics, 'staging'), 'absent(llm_requests_total{env="staging"}) == 1');
});

it('holds a condition over a subquery at the rule cadence and at the instant', () => {
  assert.equal(heldThroughout('X > 1', '5m'), 'min_over_time((max(X > 1) or vector(0))[5m:]) and max(X > 1)');
});
