/** Pending, firing and resolved over successive evaluations. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AlertCondition, AlertStates, alertKey } from '../../src/engine/alert-state.ts';

const labels = { environment: 'production', severity: 'high' };
const cond: AlertCondition = {
  key: alertKey('VllmErrorRateHigh', labels),
  alertname: 'VllmErrorRateHigh',
  labels,
  annotations: {},
  forMs: 600_000,
};

describe('alert states', () => {
  it('fires only after the condition held for `for`, once, and resolves once', () => {
    const s = new AlertStates();
    assert.deepEqual(s.evaluate(0, [cond]), []);
    assert.deepEqual(s.evaluate(300_000, [cond]), []);
    assert.deepEqual(
      s.pending().map((a) => a.key),
      [cond.key],
    );
    const fired = s.evaluate(600_000, [cond]);
    assert.deepEqual(
      fired.map((t) => t.kind),
      ['firing'],
    );
    assert.deepEqual(s.evaluate(660_000, [cond]), [], 'no duplicate while it keeps firing');
    assert.equal(s.firing().length, 1);
    assert.deepEqual(s.pending(), []);
    assert.deepEqual(
      s.evaluate(720_000, []).map((t) => t.kind),
      ['resolved'],
    );
    assert.deepEqual(s.evaluate(780_000, []), []);
  });

  it('a pending alert that stops holding resolves nothing and starts over', () => {
    const s = new AlertStates();
    s.evaluate(0, [cond]);
    assert.deepEqual(s.evaluate(60_000, []), []);
    assert.deepEqual(s.evaluate(120_000, [cond]), []);
    assert.deepEqual(s.evaluate(600_000, [cond]), [], 'only 8 minutes since it held again');
    assert.equal(s.evaluate(720_000, [cond])[0]?.kind, 'firing');
  });

  it('keys by name and sorted labels', () => {
    assert.equal(alertKey('A', { b: '1', a: '2' }), 'A{a="2",b="1"}');
  });
});
