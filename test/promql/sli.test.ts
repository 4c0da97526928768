/**
 * The SLI builders over raw metrics, for the default spec's names: exact
 * expressions for production over 5 minutes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as q from '../../src/promql/index.ts';
import { METRICS, objectiveOfKind, productionContext } from './context.ts';

const REQUESTS = 'sum by (environment) (rate(vllm_requests_total{environment="production"}[5m]))';
const DEFAULT_FAILURES = 'internal|unavailable|timeout|stream_aborted|stream_error|rate_limited';
const FAILURES = `sum by (environment) (rate(vllm_errors_total{environment="production",error_type=~"${DEFAULT_FAILURES}"}[5m]))`;

describe('request and error rates', () => {
  it('sums the request rate by the context labels', () => {
    assert.equal(q.requestRate(productionContext(), '5m'), REQUESTS);
    assert.equal(
      q.requestRate(productionContext({ by: ['environment', 'model'] }), '1h'),
      'sum by (environment, model) (rate(vllm_requests_total{environment="production"}[1h]))',
    );
  });

  it('builds the error_type matcher from the failure types, in their order', () => {
    assert.deepEqual(q.failureMatchers(productionContext()), {
      error_type: { op: '=~', value: DEFAULT_FAILURES },
    });
    assert.deepEqual(q.failureMatchers(productionContext({ failureTypes: ['timeout', 'internal'] })), {
      error_type: { op: '=~', value: 'timeout|internal' },
    });
  });

  it('uses the spec label name for the error type', () => {
    const metrics = { ...METRICS, labels: { ...METRICS.labels, errorType: 'reason' } };
    assert.deepEqual(q.failureMatchers(productionContext({ metrics, failureTypes: ['internal'] })), {
      reason: { op: '=~', value: 'internal' },
    });
  });

  it('counts every error type in errorRate, zero rather than absent', () => {
    assert.equal(
      q.errorRate(productionContext(), '5m'),
      `(sum by (environment) (rate(vllm_errors_total{environment="production"}[5m])) or 0 * ${REQUESTS})`,
    );
  });

  it('gives the availability SLI over 5m: failures (or zero) over requests', () => {
    assert.equal(q.errorRatio(productionContext(), '5m'), `(${FAILURES} or 0 * ${REQUESTS}) / ${REQUESTS}`);
    assert.equal(
      q.badRatio(objectiveOfKind('availability'), productionContext(), '5m'),
      q.errorRatio(productionContext(), '5m'),
    );
  });
});

describe('latency', () => {
  it('gives the slow share at a threshold, both le spellings matched', () => {
    assert.equal(
      q.slowRatio(productionContext(), 'vllm_request_duration_seconds', 3, '5m'),
      '1 - (sum by (environment) (rate(vllm_request_duration_seconds_bucket{environment="production",le=~"3|3\\\\.0"}[5m]))' +
        ' / sum by (environment) (rate(vllm_request_duration_seconds_count{environment="production"}[5m])))',
    );
  });

  it('picks the histogram by objective kind', () => {
    const ttft = objectiveOfKind('ttft');
    assert.equal(
      q.badRatio(ttft, productionContext(), '5m'),
      q.slowRatio(productionContext(), METRICS.timeToFirstToken, ttft.thresholdSeconds ?? -1, '5m'),
    );
  });

  it('keeps le in the quantile sum', () => {
    assert.equal(
      q.quantile(productionContext(), 'vllm_request_duration_seconds', 0.95, '5m'),
      'histogram_quantile(0.95, sum by (le, environment) (rate(vllm_request_duration_seconds_bucket{environment="production"}[5m])))',
    );
  });
});

describe('increases', () => {
  const INCREASE = 'sum by (environment) (increase(vllm_requests_total{environment="production"}[5m]))';

  it('counts requests and, for error kinds, failures or zero', () => {
    assert.equal(q.requestIncrease(productionContext(), '5m'), INCREASE);
    const availability = objectiveOfKind('availability');
    assert.equal(q.totalIncrease(availability, productionContext(), '5m'), INCREASE);
    assert.equal(
      q.badIncrease(availability, productionContext(), '5m'),
      `(sum by (environment) (increase(vllm_errors_total{environment="production",error_type=~"${DEFAULT_FAILURES}"}[5m])) or 0 * ${INCREASE})`,
    );
  });

  it('counts histogram observations above the threshold for latency', () => {
    const latency = objectiveOfKind('latency');
    const count =
      'sum by (environment) (increase(vllm_request_duration_seconds_count{environment="production"}[5m]))';
    assert.equal(q.totalIncrease(latency, productionContext(), '5m'), count);
    assert.equal(
      q.badIncrease(latency, productionContext(), '5m'),
      `${count} - sum by (environment) (increase(vllm_request_duration_seconds_bucket{environment="production",le=~"3|3\\\\.0"}[5m]))`,
    );
  });
});

describe('timeslices and pods', () => {
  it('is 1 when no pod of the environment is up', () => {
    assert.equal(
      q.allPodsDown(productionContext()),
      '(max by (environment) (vllm_pod_up{environment="production"}) == bool 0)',
    );
  });

  it('compares the slice ratio with what the slice target allows', () => {
    assert.equal(q.timesliceBad('R', 0.01), '(R) > bool 0.01');
  });

  it('also counts a slice with every pod down, merging both parts per environment', () => {
    assert.equal(
      q.timesliceBad('R', 0.001, 'D'),
      'max without (slo_part) (label_replace((R) > bool 0.001, "slo_part", "ratio", "", "") or label_replace(D, "slo_part", "up", "", ""))',
    );
  });
});
