/** Alert conditions: the burn-rate pair, the threshold alerts and their traffic guard. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  availabilityBelow,
  budgetRemainingBelow,
  burnRateAbove,
  burnRatePair,
  errorRatio,
  errorRatioAbove,
  quantile,
  quantileAbove,
  regressionAbove,
  throughputLowWhileQueued,
  withTrafficGuard,
} from '../../src/promql/index.ts';
import { METRICS, productionContext } from './context.ts';

const SLI = (window: string) =>
  `environment:vllm_slo_errors:ratio_rate${window}{environment="production",slo="availability"}`;
const REQUESTS_1H = 'sum by (environment) (increase(vllm_requests_total{environment="production"}[1h]))';

describe('burn rates', () => {
  it('pairs a long and a short window above factor x budget, guarded by the long window traffic', () => {
    const expr = burnRatePair(
      METRICS,
      'production',
      'availability',
      { long: '1h', longSeconds: 3600, short: '5m' },
      14.4,
      0.001,
      100,
    );
    assert.equal(
      expr,
      [
        '(',
        `  ${SLI('1h')} > (14.4 * 0.001)`,
        'and',
        `  ${SLI('5m')} > (14.4 * 0.001)`,
        ')',
        'and on (environment)',
        '  environment:vllm_requests:rate1h{environment="production"} * 3600 >= 100',
      ].join('\n'),
    );
  });

  it('confirms a window burn rate over a short window, guarded by raw traffic', () => {
    const expr = burnRateAbove(
      productionContext(),
      'availability',
      { window: '6h', short: '30m' },
      0.001,
      6,
      100,
    );
    assert.equal(
      expr,
      `(\n  ${SLI('6h')} / 0.001 > 6\nand\n  ${SLI('30m')} / 0.001 > 6\n)\nand on (environment)\n  ${REQUESTS_1H.replace('[1h]', '[6h]')} >= 100`,
    );
  });

  it('reads the remaining budget from the period ratio', () => {
    assert.equal(
      budgetRemainingBelow(METRICS, 'production', 'availability', '30d', 0.001, 25),
      `(1 - ${SLI('30d')} / 0.001) * 100 < 25`,
    );
  });
});

describe('threshold alerts', () => {
  const ctx = productionContext();

  it('turns the error ratio into percentages', () => {
    assert.equal(availabilityBelow(ctx, '5m', 99.9), `(1 - (${errorRatio(ctx, '5m')})) * 100 < 99.9`);
    assert.equal(errorRatioAbove(ctx, '5m', 1), `(${errorRatio(ctx, '5m')}) * 100 > 1`);
  });

  it('compares a quantile with seconds, or with a baseline', () => {
    const q = quantile(ctx, 'vllm_request_duration_seconds', 0.95, '1h');
    assert.equal(quantileAbove(ctx, 'vllm_request_duration_seconds', 0.95, '1h', 2), `${q} > 2`);
    assert.equal(
      regressionAbove(ctx, 'vllm_request_duration_seconds', 0.95, '1h', 1.5, 1.2),
      `${q} / 1.5 > 1.2`,
    );
  });

  it('guards by the environment traffic whatever the condition groups by', () => {
    const perModel = productionContext({ by: ['environment', 'model'] });
    assert.equal(
      withTrafficGuard(perModel, 'X > 1', '1h', 10),
      `X > 1\nand on (environment)\n  ${REQUESTS_1H} >= 10`,
    );
  });

  it('fires low throughput only while vLLM queues, the pod label renamed when it differs', () => {
    assert.equal(
      throughputLowWhileQueued(ctx, '.*-production-.*', '5m', 0.5),
      '(sum by (environment, pod) (rate(vllm_requests_total{environment="production"}[5m])) < 0.5)\n' +
        'and on (pod)\n(sum by (pod) (vllm:num_requests_waiting{pod=~".*-production-.*"}) > 0)',
    );
    const metrics = { ...METRICS, kubernetes: { ...METRICS.kubernetes, podLabel: 'kubernetes_pod_name' } };
    assert.match(
      throughputLowWhileQueued(productionContext({ metrics }), '.*', '5m', 0.5),
      /label_replace\(label_replace\(sum by \(kubernetes_pod_name\) \(.*\), "pod", "\$1", "kubernetes_pod_name", "\(\.\*\)"\), "kubernetes_pod_name", "", "", ""\) > 0\)$/,
    );
  });
});
