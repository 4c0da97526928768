/**
 * The embedded source's burn-rate series: at each step's end (the last at
 * now) the burn rate of the window ending there, counted as status counts a
 * window, whether the window slides over whole steps (1h, 5m at 5-minute
 * steps), tiles a step (1m) or is read at each step's end (7m, 2m); timeslice objectives count
 * whole slices, as status does. The last point is status's burn_rates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remainingShare, stepWindow, windowBurnRate } from '../../src/engine/index.ts';
import { EmbeddedSource, environmentStatus } from '../../src/sources/index.ts';
import { objectiveBurnWindows, type RatioObjective } from '../../src/spec/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { MIN, measurement, T0 } from '../store/store-helpers.ts';

const spec = defaultSpec();
const production = spec.environments.find((e) => e.name === 'production');
assert.ok(production);
const env = production;
const availability = env.objectives.find((o): o is RatioObjective => o.name === 'availability');
assert.ok(availability);
const sliced: RatioObjective = {
  ...availability,
  budgetingMethod: 'timeslices',
  timeslice: '1m',
  timesliceMs: MIN,
  timesliceTarget: 0.9,
};
/** Mid-minute, so the last step is partial and its window is not a whole number of steps from the others. */
const NOW = T0 + 8 * 60 * MIN + 30_000;
const WINDOWS = ['5m', '1h', '1m', '7m', '2m'];

/** Ten requests a minute over the 8 hours before NOW; in every seventh minute two of them fail, in every eleventh one. */
function traffic(): SloStore {
  const store = SloStore.open(':memory:', { autoCompact: false, now: () => NOW });
  for (let t = T0; t < NOW - 1000; t += MIN)
    for (let i = 0; i < 10; i++) {
      const m = Math.floor((t - T0) / MIN);
      const fails = (m % 7 === 0 && i < 2) || (m % 11 === 0 && i === 9);
      const at = Math.min(t + 1000 + i * 2000, NOW - 1000);
      store.record(
        measurement(at, 100, fails ? { status: 503, errorClass: 'server', errorType: 'unavailable' } : {}),
      );
    }
  store.flush();
  return store;
}

describe('embedded burn-rate series', () => {
  for (const o of [availability, sliced])
    it(`is the burn rate of each step's window as status counts it (${o.budgetingMethod})`, async () => {
      const store = traffic();
      try {
        const source = new EmbeddedSource(store);
        const w = stepWindow(2 * 60 * MIN, 5 * MIN, NOW);
        const series = await source.burnRateSeries(env, o, WINDOWS, w);
        assert.deepEqual(Object.keys(series), WINDOWS);
        const n = w.starts.length;
        for (const x of WINDOWS) {
          const expected = await Promise.all(
            w.starts.map(async (t, s) => {
              const end = s === n - 1 ? NOW : t + w.stepMs;
              const c =
                o.budgetingMethod === 'timeslices'
                  ? await source.slices(env, o, x, end)
                  : await source.counts(env, o, x, end);
              return windowBurnRate(c, o.target);
            }),
          );
          assert.deepEqual(series[x], expected, x);
          assert.ok(
            expected.some((v) => v !== null && v > 0),
            `${x}: the traffic burns somewhere`,
          );
        }
      } finally {
        store.close();
      }
    });

  it("ends at status's burn_rates for every burn pair's windows", async () => {
    const store = traffic();
    try {
      const source = new EmbeddedSource(store);
      const status = await environmentStatus(spec, source, env, NOW);
      const o = status.objectives.find((x) => x.name === availability.name);
      const windows = objectiveBurnWindows(spec, availability).flatMap((p) => [p.long, p.short]);
      for (const range of [
        { rangeMs: 60 * MIN, stepMs: MIN },
        { rangeMs: 24 * 60 * MIN, stepMs: 15 * MIN },
      ]) {
        const w = stepWindow(range.rangeMs, range.stepMs, NOW);
        const series = await source.burnRateSeries(env, availability, windows, w);
        for (const x of windows) assert.equal(series[x]?.at(-1), o?.burn_rates[x], `${x} at ${range.stepMs}`);
      }
    } finally {
      store.close();
    }
  });

  it('rolls the budget over the period ending at each step end, the last at now (as status counts it)', async () => {
    const store = traffic();
    try {
      const source = new EmbeddedSource(store);
      // A 2h period, so the window's start moves through the traffic: ending at the last step's end
      // (5 minutes after now) it would drop minute 364's two failures, which the period ending now holds.
      for (const base of [availability, sliced]) {
        const o: RatioObjective = { ...base, period: '2h', periodMs: 120 * MIN };
        const w = stepWindow(2 * 60 * MIN, 5 * MIN, NOW);
        const n = w.starts.length;
        const expected = await Promise.all(
          w.starts.map(async (t, s) => {
            const end = s === n - 1 ? NOW : t + w.stepMs;
            const c =
              o.budgetingMethod === 'timeslices'
                ? await source.slices(env, o, '2h', end)
                : await source.counts(env, o, '2h', end);
            return c ? remainingShare(o.budget, c.bad, c.total) : null;
          }),
        );
        assert.deepEqual(await source.budgetSeries(env, o, w), expected, o.budgetingMethod);
      }
    } finally {
      store.close();
    }
  });
});
