/**
 * The outlier detector on its own, on a fake clock: Envoy's consecutive-5xx
 * rules (count, reset on success, growing and capped ejection time, decay,
 * max ejection percent with at least one), the panic threshold, the attempt
 * outcomes, and option errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answeredOutcome,
  failedOutcome,
  OUTLIER_DEFAULTS,
  OutlierDetector,
  OutlierOptionError,
  type OutlierOptions,
  type UpstreamOutcome,
} from '../../src/gateway/outlier-detector.ts';

function detector(options: OutlierOptions = {}, pods = ['a', 'b', 'c']) {
  const clock = { ms: 0 };
  return { d: new OutlierDetector(pods, options, () => clock.ms), clock };
}

function fail(d: OutlierDetector, pod: string, n: number, outcome: UpstreamOutcome = 'http_5xx') {
  let last: ReturnType<OutlierDetector['record']>;
  for (let i = 0; i < n; i++) last = d.record(pod, outcome);
  return last;
}

describe('OutlierDetector', () => {
  it("has Envoy's defaults: 5 in a row, 30 s, capped at 300 s, 10 % of the pods", () => {
    assert.deepEqual(
      { ...OUTLIER_DEFAULTS },
      {
        consecutive5xx: 5,
        baseEjectionMs: 30_000,
        maxEjectionMs: 300_000,
        maxEjectionPercent: 10,
        panicThresholdPercent: 0,
      },
    );
  });

  it('ejects after N server failures in a row of any kind; a success starts the count again', () => {
    const { d } = detector();
    assert.equal(fail(d, 'a', 4), undefined);
    d.record('a', 'ok');
    assert.equal(fail(d, 'a', 4), undefined, 'the success reset the count');
    assert.deepEqual(d.record('a', 'timeout'), { ejectionMs: 30_000, failures: 5, ejections: 1 });
    assert.equal(d.isEjected('a'), true);
    assert.equal(d.ejectedUntil('a'), 30_000);
    for (const o of ['refused', 'reset', 'timeout', 'http_5xx'] as const) {
      const { d: e } = detector({ consecutive5xx: 2 });
      assert.ok(fail(e, 'b', 2, o), o);
    }
  });

  it('ejects for base x times ejected, capped, lowering the multiplier while the pod behaves', () => {
    const { d, clock } = detector({ consecutive5xx: 1, baseEjectionMs: 10_000, maxEjectionMs: 35_000 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      times.push(d.record('a', 'http_5xx')?.ejectionMs ?? -1);
      clock.ms = d.ejectedUntil('a') ?? clock.ms;
      assert.deepEqual(d.expire(), ['a']);
    }
    assert.deepEqual(times, [10_000, 20_000, 30_000, 35_000, 35_000]);
    const { d: fresh, clock: c2 } = detector({ consecutive5xx: 1, baseEjectionMs: 10_000 });
    fail(fresh, 'a', 1);
    c2.ms = 10_000;
    fresh.expire();
    fresh.record('a', 'http_5xx');
    c2.ms = 30_000;
    fresh.expire();
    c2.ms += 20_000; // two base times of good behaviour: multiplier 2 -> 0
    assert.equal(fresh.record('a', 'http_5xx')?.ejectionMs, 10_000);
  });

  it('keeps a pod ejected until its time is up, and ignores its attempts meanwhile', () => {
    const { d, clock } = detector({ consecutive5xx: 1 });
    d.record('a', 'http_5xx');
    clock.ms = 29_999;
    assert.deepEqual(d.expire(), []);
    assert.equal(d.record('a', 'http_5xx'), undefined);
    clock.ms = 30_000;
    assert.deepEqual(d.expire(), ['a']);
    assert.equal(d.isEjected('a'), false);
  });

  it('ejects at most max_ejection_percent of the pods, and always at least one', () => {
    const { d } = detector({ consecutive5xx: 1 });
    assert.ok(d.record('a', 'http_5xx'));
    assert.equal(d.record('b', 'http_5xx'), undefined, '10 % of 3 pods: only one');
    const { d: half } = detector({ consecutive5xx: 1, maxEjectionPercent: 50 }, ['a', 'b', 'c', 'd']);
    assert.ok(half.record('a', 'http_5xx'));
    assert.ok(half.record('b', 'http_5xx'));
    assert.equal(half.record('c', 'http_5xx'), undefined);
  });

  it('never ejects with consecutive5xx 0', () => {
    const { d } = detector({ consecutive5xx: 0 });
    assert.equal(fail(d, 'a', 100), undefined);
  });

  it('panics when no pod is available, or below the panic threshold', () => {
    const { d } = detector();
    assert.equal(d.panic(0, 3), true);
    assert.equal(d.panic(1, 3), false);
    const { d: envoy } = detector({ panicThresholdPercent: 50 });
    assert.equal(envoy.panic(1, 3), true);
    assert.equal(envoy.panic(2, 4), false);
  });

  it('names the option, its value and what was expected', () => {
    for (const [options, message] of [
      [{ consecutive5xx: -1 }, /consecutive5xx must be a whole number >= 0, got -1/],
      [{ baseEjectionMs: 0 }, /baseEjectionMs must be above 0, got 0/],
      [{ maxEjectionPercent: 101 }, /maxEjectionPercent must be a percentage from 0 to 100, got 101/],
    ] as const)
      assert.throws(
        () => detector(options),
        (err: unknown) =>
          err instanceof OutlierOptionError &&
          err.code === 'invalid_outlier_option' &&
          message.test(err.message),
      );
  });
});

describe('attempt outcomes', () => {
  it('5xx and server errors in a 200 stream fail; 4xx (429 too) is ok; broken and stalled streams', () => {
    assert.equal(answeredOutcome(200), 'ok');
    assert.equal(answeredOutcome(404), 'ok');
    assert.equal(answeredOutcome(429), 'ok');
    assert.equal(answeredOutcome(429, 'server', 'rate_limited'), 'ok');
    assert.equal(answeredOutcome(500), 'http_5xx');
    assert.equal(answeredOutcome(503), 'http_5xx');
    assert.equal(answeredOutcome(200, 'server', 'stream_error'), 'http_5xx');
    assert.equal(answeredOutcome(200, 'server', 'stream_aborted'), 'reset');
    assert.equal(answeredOutcome(200, 'server', 'timeout'), 'timeout');
  });

  it('errors before an answer: refused, timeout, else reset', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    assert.equal(failedOutcome(coded('ECONNREFUSED')), 'refused');
    assert.equal(
      failedOutcome(Object.assign(new Error('x'), { cause: { code: 'ECONNREFUSED' } })),
      'refused',
    );
    assert.equal(failedOutcome(coded('UND_ERR_HEADERS_TIMEOUT')), 'timeout');
    assert.equal(failedOutcome(coded('ECONNRESET')), 'reset');
    assert.equal(failedOutcome(new Error('other')), 'reset');
  });
});
