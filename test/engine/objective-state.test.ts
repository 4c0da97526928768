/** objectiveState: the one verdict of CLI, API and UI, against hand-made statuses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ObjectiveStatus, objectiveState } from '../../src/engine/index.ts';

type Measured = Omit<ObjectiveStatus, 'state'>;

function status(over: Partial<Measured> = {}): Measured {
  return {
    environment: 'staging',
    name: 'availability',
    kind: 'availability',
    target: 0.99,
    value: 0.995,
    quantile_seconds: null,
    threshold_seconds: null,
    met: true,
    window: '5m',
    period: '7d',
    error_budget: {
      total_minutes: 100.8,
      consumed_minutes: 50.4,
      remaining_ratio: 0.5,
      remaining_minutes: 50.4,
    },
    burn_rates: {},
    firing_alerts: [],
    ...over,
  };
}

const spent = (ratio: number) => ({
  total_minutes: 100.8,
  consumed_minutes: 100.8 * (1 - ratio),
  remaining_ratio: ratio,
  remaining_minutes: 100.8 * ratio,
});

const burn = (long: string, short: string, alertType: 'page' | 'ticket') => ({
  alertname: 'VllmErrorBudgetBurn',
  severity: alertType === 'page' ? 'critical' : 'high',
  labels: { slo: 'availability', alert_type: alertType, long_window: long, short_window: short },
});

describe('objectiveState', () => {
  it('reads stale data as no-data, a missed window included, but a spent budget stays breached', () => {
    const stale = '2026-06-01T11:58:45.000Z';
    assert.equal(objectiveState(status({ stale_since: stale })), 'no-data');
    assert.equal(objectiveState(status({ stale_since: stale, met: false, value: 0.9 })), 'no-data');
    assert.equal(objectiveState(status({ stale_since: stale, error_budget: spent(0) })), 'breached');
  });

  it('issue 10: 99.158 % over the window against 99 % but the period budget spent is breached', () => {
    // status said OK (exit 0) and the UI Breached for these numbers: one verdict now.
    assert.equal(
      objectiveState(status({ value: 0.99158, met: true, error_budget: spent(-0.16) })),
      'breached',
    );
    assert.equal(objectiveState(status({ error_budget: spent(0) })), 'breached');
  });

  it('breached when the SLI over the window is below target, whatever the budget', () => {
    assert.equal(objectiveState(status({ value: 0.98, met: false })), 'breached');
  });

  it('a spent budget is a breach even with no traffic in the window now', () => {
    assert.equal(objectiveState(status({ value: null, met: null, error_budget: spent(-0.5) })), 'breached');
  });

  it('no-data: no events in the window and nothing breached', () => {
    assert.equal(objectiveState(status({ value: null, met: null })), 'no-data');
    assert.equal(
      objectiveState(
        status({ kind: 'throughput', value: null, met: null, error_budget: null, period: null }),
      ),
      'no-data',
    );
  });

  it('warning: a burn pair fires, page or ticket, while the SLI and the budget still hold', () => {
    assert.equal(objectiveState(status({ firing_alerts: [burn('3d', '6h', 'ticket')] })), 'warning');
    assert.equal(objectiveState(status({ firing_alerts: [burn('1h', '5m', 'page')] })), 'warning');
  });

  it('a low budget alone is not a warning (error-budget-low alerts on it)', () => {
    assert.equal(objectiveState(status({ error_budget: spent(0.05) })), 'ok');
  });

  it('undetermined: a throughput floor under less demand than the floor', () => {
    assert.equal(
      objectiveState(status({ kind: 'throughput', value: 4, met: null, error_budget: null, period: null })),
      'undetermined',
    );
  });

  it('ok otherwise', () => {
    assert.equal(objectiveState(status()), 'ok');
  });
});
