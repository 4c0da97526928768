/**
 * The embedded source counts latency and TTFT bad events exactly at the
 * spec's thresholds, as Prometheus does with a bucket bound at each: a
 * request at the threshold is good, one 0.1 % or 0.9 % above it is bad,
 * though the sketch puts 3 s and 3.003 s in one bucket.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmbeddedSource, rollupCounts } from '../../src/sources/index.ts';
import { type RatioObjective, specThresholds } from '../../src/spec/index.ts';
import { SloStore, type StoreOptions } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { measurement, T0 } from '../store/store-helpers.ts';

const spec = defaultSpec();
const production = spec.environments.find((e) => e.name === 'production');
assert.ok(production);
function objective(name: string): RatioObjective {
  const o = production?.objectives.find((x) => x.name === name);
  assert.ok(o && o.kind !== 'throughput', name);
  return o;
}
const latency = objective('latency-p95');
const ttft = objective('ttft-p95');
assert.equal(latency.thresholdSeconds, 3);
assert.equal(ttft.thresholdSeconds, 0.5);

/** At the threshold, 0.1 % above, 0.9 % above, well below, well above: two bad at the edge, one far. */
const DURATIONS_MS = [3000, 3003, 3027, 1000, 4000];
const TTFTS_MS = [500, 500.5, 504.5, 100, 900];

function storeWith(options: StoreOptions): SloStore {
  const store = SloStore.open(':memory:', { autoCompact: false, now: () => T0 + 60_000, ...options });
  DURATIONS_MS.forEach((d, i) => {
    store.record(measurement(T0 + 1000 * (i + 1), d, { ttftMs: TTFTS_MS[i] ?? 0 }));
  });
  store.flush();
  return store;
}

describe('embedded source at the thresholds', () => {
  it('counts requests at, 0.1 % above and 0.9 % above a threshold exactly', async () => {
    const store = storeWith({ thresholds: specThresholds(spec) });
    try {
      const r = store.window('production', T0, T0 + 60_000);
      assert.deepEqual(rollupCounts(latency, r), { total: 5, bad: 3 });
      assert.deepEqual(rollupCounts(ttft, r), { total: 5, bad: 3 });
      const source = new EmbeddedSource(store);
      assert.deepEqual(await source.counts(production, latency, '1m', T0 + 60_000), { total: 5, bad: 3 });
      assert.deepEqual(await source.counts(production, ttft, '1m', T0 + 60_000), { total: 5, bad: 3 });
    } finally {
      store.close();
    }
  });

  it('falls back to the sketch without thresholds, which misses what shares the threshold bucket', () => {
    const store = storeWith({});
    try {
      const r = store.window('production', T0, T0 + 60_000);
      // 3.003 s shares 3 s's sketch bucket (0.5 % relative accuracy): counted as good.
      assert.deepEqual(rollupCounts(latency, r), { total: 5, bad: 2 });
      assert.deepEqual(rollupCounts(ttft, r), { total: 5, bad: 2 });
    } finally {
      store.close();
    }
  });
});
