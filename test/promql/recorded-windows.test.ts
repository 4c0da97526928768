/** Long windows from the recorded 5-minute increases. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  hasOwnTotal,
  INCREASE_INTERVAL,
  INCREASE_WINDOW,
  increaseRatio,
  increaseRequestRate,
} from '../../src/promql/index.ts';
import { METRICS, objectiveOfKind } from './context.ts';

it('divides recorded bad events by recorded requests for the error kinds', () => {
  const o = objectiveOfKind('availability');
  assert.equal(hasOwnTotal(o), false);
  assert.equal(
    increaseRatio(METRICS, 'production', o, '30d'),
    'sum_over_time(environment:vllm_slo_bad:increase5m{environment="production",slo="availability"}[30d])' +
      ' / on (environment) sum_over_time(environment:vllm_requests:increase5m{environment="production"}[30d])',
  );
});

it('divides by the objective own recorded total for latency', () => {
  const o = objectiveOfKind('latency');
  assert.equal(hasOwnTotal(o), true);
  assert.equal(
    increaseRatio(METRICS, 'production', o, '1d'),
    `sum_over_time(environment:vllm_slo_bad:increase5m{environment="production",slo="${o.name}"}[1d])` +
      ` / on (environment) sum_over_time(environment:vllm_slo_total:increase5m{environment="production",slo="${o.name}"}[1d])`,
  );
});

it('turns the summed increases into a rate: divided by the overlap (5m / 1m) and the window seconds', () => {
  assert.equal([INCREASE_WINDOW, INCREASE_INTERVAL].join(' '), '5m 1m');
  assert.equal(
    increaseRequestRate(METRICS, 'production', '1d'),
    'sum_over_time(environment:vllm_requests:increase5m{environment="production"}[1d]) / 5 / 86400',
  );
});
