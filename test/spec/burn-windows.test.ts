/**
 * Burn-rate windows scaled to a period (src/spec/burn-windows.ts): configured
 * pairs stay as written at the 30d base, the scrape floor lifts short windows
 * (and only then the long one), and every pair validate accepts fits inside
 * every period it accepts, which is why validate has no period-vs-window check.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BurnWindow, formatDuration, parseDuration, scaledBurnWindows } from '../../src/spec/index.ts';

function pair(long: string, short: string, budgetSpentPercent: number): BurnWindow {
  return {
    severity: 'page',
    long,
    longMs: parseDuration(long),
    short,
    shortMs: parseDuration(short),
    budgetSpent: budgetSpentPercent / 100,
  };
}

const THIRTY_DAYS = parseDuration('30d');
const SCRAPE_30S = parseDuration('30s');

describe('scaledBurnWindows', () => {
  it('keeps a configured pair as written at the base period, even a short window over half the long', () => {
    const [w] = scaledBurnWindows([pair('1h', '50m', 2)], THIRTY_DAYS, SCRAPE_30S);
    // It used to be lifted to 2 x 50m = 1h40m, and its factor with it (14.4 -> 8.64).
    assert.deepEqual([w?.long, w?.short, w?.factor], ['1h', '50m', 14.4]);
  });

  it('lifts a short window to two scrapes, and the long window to twice that only then', () => {
    // 1h period: 1h/720 = 5s and 5m/720 = 0s; the short floor is 2 x 30s, the long twice it.
    const [w] = scaledBurnWindows([pair('1h', '5m', 2)], parseDuration('1h'), SCRAPE_30S);
    assert.deepEqual([w?.long, w?.short], ['2m', '1m']);
  });

  it('fits every pair validate accepts inside every period validate accepts', () => {
    // validate: budgetSpent at most 100 % and a factor of at least 1, so a long window of at most 30d.
    const widest = [
      pair('30d', '29d', 100),
      pair('30d', '1m', 100),
      pair('1h', '5m', 2),
      pair('3d', '6h', 10),
    ];
    const periods = ['1h', '90m', '1d', '2d', '7d', '28d', '30d', '90d', '1y'].map(parseDuration);
    const scrapes = ['1s', '30s', '1m', '5m'].map(parseDuration);
    for (const periodMs of periods)
      for (const scrapeMs of scrapes)
        for (const w of scaledBurnWindows(widest, periodMs, scrapeMs))
          assert.ok(
            w.longMs <= periodMs,
            `${w.base.long}/${w.base.short} at ${formatDuration(periodMs)}, scrape ${formatDuration(scrapeMs)}: long ${w.long}`,
          );
  });
});
