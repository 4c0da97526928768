/**
 * The selector builders: PromQL string literals that survive any label value
 * (checked with the real promtool), matchers, sums, `le` and numbers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  displayNumber,
  formatNumber,
  leMatcher,
  quote,
  rangeSelector,
  selector,
  sumBy,
} from '../../src/promql/index.ts';
import { checkExpressions } from './promtool-check.ts';

/** Label values a spec or a request could carry (pod regexes, model names). */
const AWKWARD_VALUES: Record<string, string> = {
  'double quote': 'say "hi"',
  backslash: 'C:\\models\\llama',
  'regex escape': '.*-prod\\.v1-.*',
  newline: 'a\nb',
  tab: 'a\tb',
  'carriage return': 'a\rb',
  'CR LF': 'a\r\nb',
  NUL: 'a\u0000b',
  escape: 'a\u001bb',
  DEL: 'a\u007fb',
  'C1 NEL': 'a\u0085b',
  'line separator': 'a\u2028b',
  'paragraph separator': 'a\u2029b',
  'single quote and backtick': "it's `x`",
  unicode: 'modèle-日本',
};

describe('quote', () => {
  it('escapes backslash, double quote and newline as Go string escapes', () => {
    assert.equal(quote('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  });

  it('writes control characters as escapes, so the literal is printable', () => {
    assert.equal(quote('a\tb\rc'), '"a\\tb\\rc"');
    assert.equal(quote('a\u0000b\u007fc\u0085d\u2028e'), '"a\\u0000b\\u007fc\\u0085d\\u2028e"');
  });

  it('leaves other characters alone', () => {
    assert.equal(quote("it's `x` modèle-日本"), '"it\'s `x` modèle-日本"');
  });

  it('gives a literal promtool parses, in a rules file, for every awkward value', async () => {
    for (const [name, value] of Object.entries(AWKWARD_VALUES)) {
      const exprs = [
        selector('vllm_requests_total', { model: value }),
        `sum by (pod) (rate(vllm_requests_total{model!=${quote(value)}}[5m]))\nand on (pod)\n  label_replace(up, "model", ${quote(value)}, "", "")`,
      ];
      const r = await checkExpressions(exprs);
      assert.equal(r.status, 0, `${name} (${JSON.stringify(value)}):\n${r.stdout}${r.stderr}`);
    }
  });

  it('gives a regex matcher promtool parses, the regex escapes kept', async () => {
    const r = await checkExpressions([selector('up', { pod: { op: '=~', value: '.*-prod\\.v1-.*\t' } })]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

describe('selector', () => {
  it('is the bare metric name without matchers, colons included', () => {
    assert.equal(selector('vllm:num_requests_waiting'), 'vllm:num_requests_waiting');
  });

  it('writes plain values as equality and keeps the matcher order', () => {
    assert.equal(
      selector('m', {
        environment: 'production',
        pod: { op: '=~', value: '.*-p-.*' },
        s: { op: '!=', value: 'x' },
      }),
      'm{environment="production",pod=~".*-p-.*",s!="x"}',
    );
    assert.equal(selector('m', { a: { op: '!~', value: 'x|y' } }), 'm{a!~"x|y"}');
  });

  it('appends the range', () => {
    assert.equal(rangeSelector('m', { a: 'b' }, '30m'), 'm{a="b"}[30m]');
    assert.equal(rangeSelector('m', {}, '5m'), 'm[5m]');
  });
});

describe('sumBy', () => {
  it('groups by the labels, or sums everything without', () => {
    assert.equal(sumBy(['environment', 'model'], 'x'), 'sum by (environment, model) (x)');
    assert.equal(sumBy([], 'x'), 'sum(x)');
  });
});

describe('leMatcher', () => {
  it('matches both spellings of an integer bound (Prometheus 2 keeps "3.0")', () => {
    assert.deepEqual(leMatcher(3), { op: '=~', value: '3|3\\.0' });
  });

  it('matches a fractional bound exactly, its dot escaped', () => {
    assert.deepEqual(leMatcher(0.25), { op: '=~', value: '0\\.25' });
    assert.equal(selector('h_bucket', { le: leMatcher(2.5) }), 'h_bucket{le=~"2\\\\.5"}');
  });
});

describe('numbers', () => {
  it('formatNumber gives the shortest exact decimal, without binary noise', () => {
    assert.equal(formatNumber(0.1 * 3), '0.3');
    assert.equal(formatNumber(14.4), '14.4');
    assert.equal(formatNumber(0.001), '0.001');
    assert.equal(formatNumber(3), '3');
    assert.equal(formatNumber(Number.POSITIVE_INFINITY), '+Inf');
    assert.equal(formatNumber(Number.NEGATIVE_INFINITY), '-Inf');
    assert.equal(formatNumber(Number.NaN), 'NaN');
  });

  it('displayNumber keeps four significant digits for people', () => {
    assert.equal(displayNumber(0.2333333333), '0.2333');
    assert.equal(displayNumber(13.44), '13.44');
    assert.equal(displayNumber(Number.POSITIVE_INFINITY), '+Inf');
  });
});
