/** The thresholds a spec names, per environment and over all of them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentThresholds, specThresholds } from '../../src/spec/index.ts';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';

describe('spec thresholds', () => {
  it('gather objectives and alerts of each environment, distinct and ascending', () => {
    const byEnv = Object.fromEntries(
      defaultSpec().environments.map((e) => [e.name, environmentThresholds(e)]),
    );
    // production: latency-p95 3 s, latency-p99 6 s, the latency-high alerts at 3 s and 6 s, ttft-p95 500 ms.
    assert.deepEqual(byEnv.production, { duration: [3, 6], ttft: [0.5] });
    assert.deepEqual(byEnv.development, { duration: [5], ttft: [] });
  });

  it('take every environment for one store', () => {
    assert.deepEqual(specThresholds(defaultSpec()), { duration: [3, 5, 6], ttft: [0.5] });
    const edited = editedDefaultSpec([['threshold: 500ms', 'threshold: 250ms']]);
    assert.deepEqual(specThresholds(edited).ttft, [0.25, 0.5]);
  });
});
