/** The engine's objective status against hand-computed cases. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  burnSeverity,
  ratioObjectiveStatus,
  throughputStatus,
  type WindowCounts,
} from '../../src/engine/index.ts';
import { objectiveBurnWindows, type RatioObjective, type ThroughputObjective } from '../../src/spec/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const spec = defaultSpec();
const prod = spec.environments.find((e) => e.name === 'production');
const availability = prod?.objectives.find((o) => o.name === 'availability') as RatioObjective;
const throughput = prod?.objectives.find((o) => o.name === 'throughput') as ThroughputObjective;
const pairs = {
  windows: objectiveBurnWindows(spec, availability),
  minRequests: 100,
  severity: (w: { severity: 'page' | 'ticket' }) => burnSeverity(w, availability),
};

function status(counts: Record<string, WindowCounts>) {
  return ratioObjectiveStatus(
    availability,
    new Map(Object.entries(counts)),
    ['5m', '1h', '30d'],
    pairs,
    undefined,
  );
}

describe('ratio objective status', () => {
  it('computes the budget in minutes: half of 43.2 spent at half the allowed error ratio', () => {
    const s = status({ '30d': { total: 1_000_000, bad: 500 } });
    assert.deepEqual(s.error_budget, {
      total_minutes: 43.2,
      consumed_minutes: 21.6,
      remaining_ratio: 0.5,
      remaining_minutes: 21.6,
    });
    assert.equal(s.value, 0.9995);
    assert.equal(s.met, true);
  });

  it('burn rate is the error ratio over the budget: 2 % against 99.9 % is 20x', () => {
    const s = status({
      '1h': { total: 10_000, bad: 200 },
      '5m': { total: 1000, bad: 20 },
      '30d': { total: 10_000, bad: 200 },
    });
    assert.equal(s.burn_rates['1h'], 20);
    assert.equal(s.burn_rates['5m'], 20);
    assert.equal(s.met, false);
    // 1h/5m (14.4) fires; 6h/30m has no data in this case.
    assert.deepEqual(
      s.firing_alerts.map((a) => [a.labels.long_window, a.severity, a.labels.alert_type]),
      [['1h', 'critical', 'page']],
    );
  });

  it('the 1h/5m pair needs both windows above the factor', () => {
    const s = status({ '1h': { total: 10_000, bad: 200 }, '5m': { total: 1000, bad: 1 } });
    assert.deepEqual(s.firing_alerts, []);
  });

  it('does not page with fewer requests than the guard in the long window', () => {
    const s = status({ '1h': { total: 60, bad: 1 }, '5m': { total: 5, bad: 1 } });
    assert.deepEqual(s.firing_alerts, []);
  });

  it('no traffic is neither met nor breached, and leaves the whole budget', () => {
    const s = status({});
    assert.equal(s.value, null);
    assert.equal(s.met, null);
    assert.equal(s.burn_rates['1h'], null);
    assert.equal(s.error_budget?.remaining_ratio, 1);
  });
});

describe('throughput status', () => {
  it('is the slowest pod against the floor; below it, undetermined (less demand is no breach)', () => {
    const s = throughputStatus(
      throughput,
      new Map([
        ['a', 12],
        ['b', 8],
      ]),
    );
    assert.equal(s.value, 8);
    assert.equal(s.met, null);
    assert.equal(throughputStatus(throughput, new Map([['a', 12]])).met, true);
    assert.equal(throughputStatus(throughput, new Map()).met, null);
  });
});
