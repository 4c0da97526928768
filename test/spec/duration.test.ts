/** Prometheus durations: parseDuration, formatDuration, isDuration, secondsLiteral. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_DURATION_TEXT } from '../../src/spec/duration.ts';
import {
  DurationError,
  formatDuration,
  isDuration,
  parseDuration,
  secondsLiteral,
} from '../../src/spec/index.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  const valid: Array<[string, number]> = [
    ['30d', 30 * D],
    ['7d', 7 * D],
    ['1h30m', H + 30 * M],
    ['500ms', 500],
    ['5m', 5 * M],
    ['30s', 30 * S],
    ['1w', 7 * D],
    ['1y', 365 * D],
    ['0s', 0],
    ['1m500ms', M + 500],
    ['1d2h3m4s5ms', D + 2 * H + 3 * M + 4 * S + 5],
  ];
  for (const [text, ms] of valid) {
    test(`${JSON.stringify(text)} is ${ms} ms`, () => {
      assert.equal(parseDuration(text), ms);
      assert.equal(isDuration(text), true);
    });
  }

  const invalid: Array<[string, string]> = [
    ['5m1h', 'units out of order'],
    ['1m1m', 'a unit twice'],
    ['', 'empty'],
    ['5', 'no unit'],
    ['1.5h', 'a decimal'],
    ['30x', 'an unknown unit'],
    ['h', 'no number'],
    ['-5m', 'a sign'],
    [' 5m', 'a leading space'],
    ['5m ', 'a trailing space'],
    ['5M', 'an upper-case unit'],
  ];
  for (const [text, why] of invalid) {
    test(`rejects ${JSON.stringify(text)} (${why})`, () => {
      assert.throws(
        () => parseDuration(text),
        (e: unknown) => {
          assert.ok(e instanceof DurationError);
          assert.equal(e.code, 'invalid_duration');
          assert.equal(e.value, text);
          assert.equal(
            e.message,
            `expected a duration like 30s, 5m, 1h, 30d or 1h30m, got ${JSON.stringify(text)}`,
          );
          return true;
        },
      );
      assert.equal(isDuration(text), false);
    });
  }
});

describe('parseDuration: the range of Prometheus (int64 nanoseconds)', () => {
  test('the longest duration Prometheus parses is accepted', () => {
    assert.equal(parseDuration(MAX_DURATION_TEXT), 9_223_372_036_854);
  });
  for (const text of ['292y171d23h47m16s855ms', '293y', '1000y', '9999999999y', `${'9'.repeat(40)}ms`])
    test(`rejects ${text.slice(0, 30)} as out of range, as promtool and amtool do`, () => {
      assert.throws(
        () => parseDuration(text),
        (e: unknown) => e instanceof DurationError && e.code === 'duration_out_of_range',
      );
      assert.equal(isDuration(text), false);
    });
});

describe('formatDuration', () => {
  const cases: Array<[number, string]> = [
    [30 * D, '30d'],
    [7 * D, '7d'],
    [H + 30 * M, '1h30m'],
    [500, '500ms'],
    [12 * H, '12h'],
    [0, '0s'],
    [90 * M, '1h30m'],
    [D + H + M + S + 1, '1d1h1m1s1ms'],
    [365 * D, '365d'],
  ];
  for (const [ms, text] of cases) {
    test(`${ms} ms is ${text}`, () => {
      assert.equal(formatDuration(ms), text);
    });
  }

  test('round-trips through parseDuration', () => {
    for (const text of ['30d', '1h30m', '500ms', '5m', '2h', '1d12h', '6h30m15s']) {
      assert.equal(formatDuration(parseDuration(text)), text);
    }
  });

  test('rounds fractional milliseconds', () => {
    assert.equal(formatDuration(1499.6), '1s500ms');
  });
});

describe('secondsLiteral', () => {
  test('gives seconds for PromQL without trailing zeros', () => {
    assert.deepEqual([3000, 500, 2100, 60_000].map(secondsLiteral), ['3', '0.5', '2.1', '60']);
  });
});
