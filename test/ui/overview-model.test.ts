/** The overview's rows and colours: state rules, filters and sorting, over hand-made statuses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ObjectiveStatus, type StatusDocument, withState } from '../../src/engine/index.ts';
import { isPageAlert } from '../../src/ui/app/objective-state.ts';
import { overviewParams, overviewQuery, overviewRows } from '../../src/ui/app/overview-model.ts';

/** A status with the engine's state, as the API serves it (the UI reads `state`, never recomputes it). */
function objective(
  over: Partial<Omit<ObjectiveStatus, 'state'>> & { environment: string; name: string },
): ObjectiveStatus {
  return withState({
    kind: 'availability',
    target: 0.999,
    value: 0.9995,
    quantile_seconds: null,
    threshold_seconds: null,
    met: true,
    window: '30d',
    period: '30d',
    error_budget: {
      total_minutes: 43.2,
      consumed_minutes: 21.6,
      remaining_ratio: 0.5,
      remaining_minutes: 21.6,
    },
    burn_rates: { '1h': 0.5, '6h': 0.4 },
    firing_alerts: [],
    ...over,
  });
}

const burn = (long: string, short: string) => ({
  alertname: 'VllmErrorBudgetBurn',
  severity: 'high',
  labels: {
    slo: 'availability',
    // As the engine labels burn pairs: hours-long pairs page, day-long ones open tickets.
    alert_type: long.endsWith('h') ? 'page' : 'ticket',
    long_window: long,
    short_window: short,
    burn_rate: '1',
  },
});

describe('alert chips', () => {
  it('a page pair or a critical alert pages; a ticket pair does not', () => {
    assert.equal(isPageAlert(burn('1h', '5m')), true);
    assert.equal(isPageAlert(burn('6h', '30m')), true);
    assert.equal(isPageAlert(burn('1d', '2h')), false);
    assert.equal(isPageAlert({ severity: 'critical', labels: {} }), true);
  });
});

describe('overview rows', () => {
  const doc: StatusDocument = {
    generated_at: '2026-03-02T00:00:00.000Z',
    source: 'embedded',
    environments: [
      {
        environment: 'production',
        time_availability: 1,
        objectives: [
          objective({ environment: 'production', name: 'availability' }),
          objective({
            environment: 'production',
            name: 'latency-p95',
            kind: 'latency',
            met: false,
            burn_rates: { '1h': 3 },
          }),
          objective({
            environment: 'production',
            name: 'ttft-p95',
            kind: 'ttft',
            burn_rates: { '1h': null },
          }),
        ],
      },
      {
        environment: 'staging',
        time_availability: null,
        objectives: [
          objective({
            environment: 'staging',
            name: 'availability',
            error_budget: {
              total_minutes: 100,
              consumed_minutes: 90,
              remaining_ratio: 0.1,
              remaining_minutes: 10,
            },
            // Burning too fast: the engine's warning.
            firing_alerts: [burn('3d', '6h')],
          }),
        ],
      },
    ],
  };
  const names = (q: Record<string, string>) =>
    overviewRows(doc, overviewQuery(q)).map((r) => `${r.objective.environment}/${r.objective.name}`);

  it('sorts worst state first by default, keeping document order among equals', () => {
    assert.deepEqual(names({}), [
      'production/latency-p95',
      'staging/availability',
      'production/availability',
      'production/ttft-p95',
    ]);
  });

  it('sorts by a number either way, no data last both ways', () => {
    assert.deepEqual(names({ sort: 'burn1h' }), [
      'production/availability',
      'staging/availability',
      'production/latency-p95',
      'production/ttft-p95',
    ]);
    assert.deepEqual(names({ sort: 'burn1h', dir: 'desc' }), [
      'production/latency-p95',
      'production/availability',
      'staging/availability',
      'production/ttft-p95',
    ]);
    assert.deepEqual(names({ sort: 'budget' })[0], 'staging/availability');
  });

  it('filters by text, environment and state', () => {
    assert.deepEqual(names({ q: 'LAT' }), ['production/latency-p95']);
    assert.deepEqual(names({ env: 'staging' }), ['staging/availability']);
    assert.deepEqual(names({ state: 'problems' }), ['production/latency-p95', 'staging/availability']);
    assert.deepEqual(names({ state: 'ok', q: 'ttft' }), ['production/ttft-p95']);
  });

  it('keeps only non-default settings in the hash', () => {
    assert.deepEqual(overviewParams(overviewQuery({})), {});
    assert.deepEqual(overviewParams(overviewQuery({ sort: 'budget', dir: 'desc', q: 'x', bogus: '1' })), {
      q: 'x',
      sort: 'budget',
      dir: 'desc',
    });
    assert.equal(overviewQuery({ sort: 'nonsense' }).sort, 'state');
  });
});
