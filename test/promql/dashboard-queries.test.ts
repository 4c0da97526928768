/** Dashboard query builders: Grafana variables, per-environment lookups, state codes. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  constant,
  constantForSelectedEnvironment,
  forSelectedEnvironment,
  grafanaVariable,
  histogramQuantile,
  rateSum,
  stateCode,
  vectorSelector,
  withLabel,
} from '../../src/promql/index.ts';

it('repeats a label in matchers, in the order given, and quotes values', () => {
  assert.equal(vectorSelector('m', []), 'm');
  assert.equal(
    vectorSelector('m', [
      ['pod', '=~', '.*-p-.*'],
      ['pod', '=~', grafanaVariable('pod')],
      ['model', '!=', 'a"b'],
    ]),
    'm{pod=~".*-p-.*",pod=~"$pod",model!="a\\"b"}',
  );
});

it('builds rates and quantiles over Grafana rate intervals', () => {
  assert.equal(
    rateSum(['pod'], 'm{a="b"}', '$__rate_interval'),
    'sum by (pod) (rate(m{a="b"}[$__rate_interval]))',
  );
  assert.equal(
    histogramQuantile(0.99, 'h', [['environment', '=', '$environment']], ['model'], '$__rate_interval'),
    'histogram_quantile(0.99, sum by (le, model) (rate(h_bucket{environment="$environment"}[$__rate_interval])))',
  );
});

it('sets a label with label_replace on an empty source', () => {
  assert.equal(constant(99.9), 'vector(99.9)');
  assert.equal(withLabel('x', 'environment', 'prod'), 'label_replace(x, "environment", "prod", "", "")');
});

it('keeps the term of the environment selected in Grafana', () => {
  assert.equal(
    constantForSelectedEnvironment('environment', [
      { environment: 'production', value: 99.9 },
      { environment: 'staging', value: 99 },
    ]),
    '(\n  label_replace(vector(99.9), "environment", "production", "", "")\n' +
      '  or label_replace(vector(99), "environment", "staging", "", "")\n' +
      ') and on (environment) label_replace(vector(1), "environment", "$environment", "", "")',
  );
  assert.throws(() => forSelectedEnvironment('environment', []), /at least one term/);
});

it('gives the code of the current state', () => {
  assert.equal(
    stateCode(
      ['pod'],
      [
        { code: 1, series: 'a' },
        { code: 2, series: 'b' },
      ],
    ),
    'max by (pod) (\n  1 * (a == 1)\n  or 2 * (b == 1)\n)',
  );
});
