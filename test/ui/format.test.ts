/** The UI's number formats: nines told apart, null as "—", units that read well. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatAgo,
  formatBudgetRatio,
  formatBudgetTime,
  formatBurnRate,
  formatCount,
  formatMinutes,
  formatPercent,
  formatRate,
  formatSeconds,
  NO_DATA,
} from '../../src/ui/app/format.ts';
import { decimals, tickLabel } from '../../src/ui/app/ticks.ts';

describe('formatPercent', () => {
  it('shows enough digits to tell nines apart', () => {
    assert.equal(formatPercent(0.9995), '99.95 %');
    assert.equal(formatPercent(0.99912), '99.912 %');
    assert.equal(formatPercent(0.999), '99.9 %');
    assert.equal(formatPercent(0.9666666), '96.67 %');
    assert.equal(formatPercent(1), '100 %');
    assert.equal(formatPercent(0), '0 %');
  });
  it('never rounds a ratio below 1 up to 100 %', () => {
    assert.equal(formatPercent(0.99999), '99.999 %');
    assert.equal(formatPercent(0.9999996), '99.99996 %');
  });
  it('writes no data as a dash, not 0', () => {
    assert.equal(formatPercent(null), NO_DATA);
    assert.equal(formatPercent(undefined), NO_DATA);
    assert.equal(formatPercent(Number.NaN), NO_DATA);
  });
});

describe('budget formats', () => {
  it('remaining ratio with one decimal, negative when overspent', () => {
    assert.equal(formatBudgetRatio(0.8103), '81.0 %');
    assert.equal(formatBudgetRatio(-2.3333), '-233.3 %');
    assert.equal(formatBudgetRatio(-0.00001), '0.0 %');
    assert.equal(formatBudgetRatio(null), NO_DATA);
  });
  it('minutes as s, min, h and d', () => {
    assert.equal(formatMinutes(43.2), '43.2 min');
    assert.equal(formatMinutes(0.6), '36 s');
    assert.equal(formatMinutes(101), '1 h 41 min');
    assert.equal(formatMinutes(2100), '1 d 11 h');
    assert.equal(formatMinutes(-12.5), '-12.5 min');
  });
  it('budget time says "over" once spent', () => {
    assert.equal(formatBudgetTime({ remaining_minutes: 35, total_minutes: 43.2 }), '35 min of 43.2 min');
    assert.equal(
      formatBudgetTime({ remaining_minutes: -235, total_minutes: 101 }),
      '3 h 55 min over (of 1 h 41 min)',
    );
    assert.equal(formatBudgetTime(null), NO_DATA);
  });
});

describe('durations, rates, counts', () => {
  it('seconds in ms, s, min and h', () => {
    assert.equal(formatSeconds(0.4012), '401 ms');
    assert.equal(formatSeconds(0.0042), '4.2 ms');
    assert.equal(formatSeconds(3), '3 s');
    assert.equal(formatSeconds(2.345), '2.35 s');
    assert.equal(formatSeconds(65), '1 min 5 s');
    assert.equal(formatSeconds(900), '15 min');
    assert.equal(formatSeconds(21600), '6 h');
    assert.equal(formatSeconds(null), NO_DATA);
  });
  it('burn rates and request rates', () => {
    assert.equal(formatBurnRate(14.4), '14.40×');
    assert.equal(formatBurnRate(0), '0.00×');
    assert.equal(formatBurnRate(250.4), '250×');
    assert.equal(formatBurnRate(null), NO_DATA);
    assert.equal(formatRate(10.4), '10.4 req/s');
    assert.equal(formatRate(0.25), '0.25 req/s');
    assert.equal(formatRate(1234.5), '1235 req/s');
    assert.equal(formatRate(0), '0 req/s');
    assert.equal(formatRate(null), NO_DATA);
  });
  it('counts and ages', () => {
    assert.equal(formatCount(12345), '12,345');
    assert.equal(formatCount(null), NO_DATA);
    const now = Date.UTC(2026, 2, 2, 12);
    assert.equal(formatAgo(new Date(now - 4000).toISOString(), now), '4 s ago');
    assert.equal(formatAgo(new Date(now - 125_000).toISOString(), now), '2 min ago');
    assert.equal(formatAgo(null, now), 'never');
  });
});

describe('axis ticks', () => {
  it('take the digits their spacing needs, so neighbours never read alike', () => {
    assert.equal(decimals(0.25), 2);
    assert.equal(decimals(0.5), 1);
    assert.equal(decimals(2), 0);
    assert.equal(tickLabel('rate', 1.1, 0.05), '1.10 /s');
    assert.equal(tickLabel('rate', 1.15, 0.05), '1.15 /s');
    assert.equal(tickLabel('percent', 0.99925, 0.00025), '99.925 %');
    assert.equal(tickLabel('seconds', 0.25, 0.25), '0.25 s');
    assert.equal(tickLabel('seconds', 0.25, 0.05), '250 ms');
    assert.equal(tickLabel('burn', 14.4, 0.2), '14.4×');
  });
});
