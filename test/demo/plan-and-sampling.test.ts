/**
 * The demo's fleet plan (from the spec) and the backfill's bulk sampling:
 * thresholds at the spec's, the documented fleet, and samples whose counts
 * and tails match their distributions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoPlan, latencyModel } from '../../src/demo/index.ts';
import { addLognormal, binomial, normalQuantile, poisson } from '../../src/demo/sampling.ts';
import { Sketch } from '../../src/engine/index.ts';
import { seededRng } from '../../src/sim/index.ts';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';

describe('demo plan', () => {
  it('plans 3 x 13b, 2 x 7b and 1 x 70b with the spec thresholds', () => {
    const plan = demoPlan(defaultSpec());
    const row = (name: string) => plan.environments.find((e) => e.environment === name);
    assert.deepEqual(
      plan.environments.map((e) => [e.environment, e.profile.name, e.pods.length]),
      [
        ['production', '13b', 3],
        ['staging', '7b', 2],
        ['development', '70b', 1],
      ],
    );
    assert.deepEqual(row('production')?.latencyThresholds, [3, 6]);
    assert.deepEqual(row('production')?.ttftThresholds, [0.5]);
    assert.deepEqual(row('development')?.latencyThresholds, [5]);
    assert.equal(row('staging')?.model, 'meta-llama/Llama-3.1-8B-Instruct');
    const edited = demoPlan(editedDefaultSpec([['threshold: 3s', 'threshold: 2500ms']]));
    assert.deepEqual(edited.environments[0]?.latencyThresholds, [2.5, 3, 6]);
  });

  it('models latencies under each environment threshold at the median', () => {
    for (const env of demoPlan(defaultSpec()).environments) {
      const m = latencyModel(env);
      const threshold = env.latencyThresholds[0] ?? 0;
      assert.ok(m.streamDuration < threshold / 1.5, `${env.environment} ${m.streamDuration}`);
      assert.ok(m.streamTtft < m.plainDuration && m.plainDuration < m.streamDuration);
    }
  });

  it('refuses a spec without any of the demo environments', () => {
    const spec = defaultSpec();
    assert.throws(() => demoPlan({ ...spec, environments: [] }), { code: 'no_environments' });
  });
});

describe('sampling', () => {
  it('inverts the normal CDF', () => {
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
    assert.ok(Math.abs(normalQuantile(0.01) + 2.326348) < 1e-5);
    assert.equal(normalQuantile(0.5), 0);
  });

  it('draws Poisson and binomial counts with the right means', () => {
    const rng = seededRng(9);
    const mean = (f: () => number) => Array.from({ length: 4000 }, f).reduce((a, b) => a + b, 0) / 4000;
    assert.ok(Math.abs(mean(() => poisson(rng, 3)) - 3) < 0.15);
    assert.ok(Math.abs(mean(() => poisson(rng, 500)) - 500) < 3);
    assert.ok(Math.abs(mean(() => binomial(rng, 20, 0.3)) - 6) < 0.2);
    assert.ok(Math.abs(mean(() => binomial(rng, 10_000, 0.001)) - 10) < 0.4);
    assert.ok(Math.abs(mean(() => binomial(rng, 1000, 0.6)) - 600) < 2);
  });

  it('adds n stratified log-normal observations with the right count and tail', () => {
    const s = new Sketch();
    const rng = seededRng(2);
    // 1000 rows of 100: P(X > 3) for median 1.5, sigma 0.3 is 1 - Phi(ln 2 / 0.3) = 1.04 %.
    for (let i = 0; i < 1000; i++) addLognormal(s, rng, 100, 1.5, 0.3);
    assert.equal(s.count, 100_000);
    const tail = s.countAbove(3) / s.count;
    assert.ok(Math.abs(tail - 0.0104) < 0.002, `${tail}`);
    assert.ok(Math.abs((s.quantile(0.5) ?? 0) - 1.5) < 0.02);
  });
});
