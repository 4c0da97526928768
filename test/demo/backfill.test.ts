/**
 * The backfilled month: production ends with part of its 30-day budget
 * left and staging with less, every objective has data, no alert fires at
 * the start, traffic follows the daily shape, and a seed repeats exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backfill, dailyShare, demoPlan } from '../../src/demo/index.ts';
import { bucketIndex, exactAbove, type ObjectiveStatus } from '../../src/engine/index.ts';
import { EmbeddedSource, evaluate } from '../../src/sources/index.ts';
import { specThresholds } from '../../src/spec/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const spec = defaultSpec();
const plan = demoPlan(spec);
const HOUR = 3_600_000;
const DAY = 86_400_000;
// A fixed moment (UTC noon), so the past incidents fall where history.ts says; the store's own clock is real.
const now = Math.floor(Date.now() / DAY) * DAY - DAY + 12 * HOUR;

function find(doc: Awaited<ReturnType<typeof evaluate>>, env: string, name: string): ObjectiveStatus {
  const o = doc.environments.find((e) => e.environment === env)?.objectives.find((x) => x.name === name);
  assert.ok(o, `${env}/${name}`);
  return o;
}

describe('backfill of 30 days over the default spec', () => {
  const store = SloStore.open(':memory:');
  const result = backfill(store, plan, { days: 30, now, seed: 7 });
  const doc = evaluate(spec, new EmbeddedSource(store), now);

  it('leaves production 20-60 % of its 30-day availability budget, staging less', async () => {
    const prod = find(await doc, 'production', 'availability').error_budget?.remaining_ratio;
    const staging = find(await doc, 'staging', 'availability').error_budget?.remaining_ratio;
    assert.ok(prod !== undefined && prod > 0.2 && prod < 0.6, `production ${prod}`);
    assert.ok(staging !== undefined && staging > 0 && staging < prod, `staging ${staging}`);
    // The latency budgets are spent a little, not at all nor wholly.
    const p95 = find(await doc, 'production', 'latency-p95').error_budget?.remaining_ratio ?? 0;
    assert.ok(p95 > 0.5 && p95 < 0.99, `production latency-p95 ${p95}`);
  });

  it('gives every objective of every environment data, and fires no alert at the start', async () => {
    for (const e of (await doc).environments) {
      assert.ok(e.objectives.length > 0);
      for (const o of e.objectives) {
        assert.notEqual(o.value, null, `${e.environment}/${o.name} has no data`);
        if (o.kind !== 'throughput') assert.equal(o.met, true, `${e.environment}/${o.name} not met`);
        assert.deepEqual(o.firing_alerts, [], `${e.environment}/${o.name} fires`);
      }
    }
  });

  it('records pod health: development lost its only pod for two hours, production never all', async () => {
    const envs = (await doc).environments;
    const dev = envs.find((e) => e.environment === 'development')?.time_availability ?? 1;
    assert.ok(dev < 0.995 && dev > 0.98, `development ${dev}`);
    assert.equal(envs.find((e) => e.environment === 'production')?.time_availability, 1);
    assert.equal(result.healthSamples, 30 * 24 * 60 * 6);
  });

  it('follows the daily shape: afternoon hours carry about three times the small hours', () => {
    const day = Math.floor(now / DAY) * DAY - 10 * DAY;
    const hour = (h: number) => store.window('production', day + h * HOUR, day + (h + 1) * HOUR).requests;
    const peakToTrough = hour(16) / hour(4);
    const expected = dailyShare(16.5 / 24) / dailyShare(4.5 / 24);
    assert.ok(Math.abs(peakToTrough / expected - 1) < 0.15, `${peakToTrough} vs ${expected}`);
    assert.equal(result.requests > 0 && result.errors > 0, true);
  });
});

describe('backfill determinism', () => {
  const fingerprint = (seed: number) => {
    const store = SloStore.open(':memory:');
    backfill(store, plan, { days: 0.25, now, seed });
    const out = plan.environments.map((e) => {
      const w = store.window(e.environment, now - DAY, now);
      return [w.requests, w.errorsTotal, w.duration.toJSON(), w.ttft.toJSON(), w.generationTokens];
    });
    store.close();
    return JSON.stringify(out);
  };

  it('writes the same history for the same seed and another for another seed', () => {
    const a = fingerprint(3);
    assert.equal(fingerprint(3), a);
    assert.notEqual(fingerprint(4), a);
  });

  it('writes nothing for 0 days and refuses a negative span', () => {
    const store = SloStore.open(':memory:');
    assert.equal(backfill(store, plan, { days: 0, now }).deltas, 0);
    assert.deepEqual(store.environments(), []);
    assert.throws(() => backfill(store, plan, { days: -1, now }), { code: 'invalid_option' });
    store.close();
  });
});

describe('backfill counted at the thresholds', () => {
  it('is exact at the spec thresholds when given them, as live traffic is, and sketch-only without', () => {
    const thresholds = specThresholds(spec);
    const exact = SloStore.open(':memory:', { thresholds });
    const plain = SloStore.open(':memory:');
    try {
      backfill(exact, plan, { days: 3, now, seed: 7, thresholds });
      backfill(plain, plan, { days: 3, now, seed: 7 });
      exact.compact();
      for (const env of ['production', 'staging']) {
        const w = exact.window(env, now - 3 * DAY, now);
        const p = plain.window(env, now - 3 * DAY, now);
        assert.equal(w.requests, p.requests, 'the same history');
        for (const t of thresholds.duration) {
          const n = exactAbove(w, 'duration', t);
          assert.ok(n !== undefined, `${env}: every duration counted against ${t} s`);
          // The sketch can only miss the requests sharing the threshold's bucket.
          const sketch = w.duration.countAbove(t);
          const near = w.duration.counts.get(bucketIndex(t)) ?? 0;
          assert.ok(n >= sketch && n <= sketch + near, `${env} above ${t} s: exact ${n}, sketch ${sketch}`);
          assert.equal(exactAbove(p, 'duration', t), undefined, 'no counts without thresholds');
        }
        for (const t of thresholds.ttft)
          assert.ok(exactAbove(w, 'ttft', t) !== undefined, `${env} ttft ${t}`);
      }
    } finally {
      exact.close();
      plain.close();
    }
  });
});
