/** Budget arithmetic against hand-computed values, including the guide's (correctly). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BudgetInputError,
  budgetConsumedMinutes,
  budgetRemainingMinutes,
  budgetRemainingRatio,
  burnRate,
  errorBudgetMinutes,
} from '../../src/engine/index.ts';
import { parseDuration } from '../../src/spec/index.ts';

const D30 = parseDuration('30d');
const D7 = parseDuration('7d');

describe('error budget', () => {
  it('is 43.2 minutes for 99.9 % over 30 days (the guide says 43.8: a 30.4-day month)', () => {
    assert.equal(errorBudgetMinutes(0.999, D30), 43.2);
  });
  it('is 7.2 hours for 99 % over 30 days', () => {
    assert.equal(errorBudgetMinutes(0.99, D30) / 60, 7.2);
  });
  it('is 36 hours for 95 % over 30 days and 8.4 hours over 7 days', () => {
    assert.equal(errorBudgetMinutes(0.95, D30) / 60, 36);
    assert.equal(errorBudgetMinutes(0.95, D7) / 60, 8.4);
  });
  it('counts minutes, not seconds: a 0.05 % error ratio over 30 days spends 21.6 minutes, not 1296', () => {
    // The guide's "Downtime minutes" query gives ratio * 2592000 = 1296: that is seconds.
    assert.equal(budgetConsumedMinutes(0.0005, D30), 21.6);
  });
  it('leaves half the budget, 21.6 minutes, at half the allowed error ratio', () => {
    assert.equal(budgetRemainingRatio(0.0005, 0.999), 0.5);
    assert.equal(budgetRemainingMinutes(0.0005, 0.999, D30), 21.6);
  });
  it('goes negative when overspent', () => {
    assert.equal(budgetRemainingRatio(0.002, 0.999), -1);
    assert.equal(budgetRemainingMinutes(0.002, 0.999, D30), -43.2);
  });
  it('burns at 14.4x when 1.44 % of requests fail against 99.9 %', () => {
    assert.equal(burnRate(0.0144, 0.999), 14.4);
  });
  it('rejects a target of 100 % or a zero period with a coded error', () => {
    assert.throws(
      () => errorBudgetMinutes(1, D30),
      (e: unknown) => e instanceof BudgetInputError && e.field === 'target',
    );
    assert.throws(
      () => errorBudgetMinutes(0.99, 0),
      (e: unknown) => e instanceof BudgetInputError && e.field === 'period',
    );
  });
});
