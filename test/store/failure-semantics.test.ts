/**
 * What the store counts as a bad event (issue 10): an environment's failure
 * types for availability, successful requests only for latency and TTFT; a
 * client's 404 is recorded but is no bad event, a 429 is one unless the
 * environment says otherwise.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollupCounts } from '../../src/sources/index.ts';
import { defaultSpecText, parseSpec, type RatioObjective } from '../../src/spec/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { MIN, measurement, T0 } from './store-helpers.ts';

function objective(name: string, failureTypes?: string): RatioObjective {
  let text = defaultSpecText();
  if (failureTypes)
    text = text.replace('    period: 30d\n', `    period: 30d\n    failureTypes: ${failureTypes}\n`);
  const r = parseSpec(text, 'slo.yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  const o = r.spec.environments[0]?.objectives.find((x) => x.name === name);
  assert.ok(o && o.kind !== 'throughput', name);
  return o;
}

function store(): SloStore {
  return SloStore.open(':memory:', {
    autoCompact: false,
    now: () => T0 + 10 * MIN,
    thresholds: { duration: [3] },
  });
}

describe('bad events in the store', () => {
  it('a slow 500 counts against availability, never as slow in the latency SLI', () => {
    const s = store();
    try {
      for (let i = 0; i < 9; i++) s.record(measurement(T0 + i * 1000, 200));
      // Ten seconds, then a 500: a failure, not a slow success.
      s.record(
        measurement(T0 + 20_000, 10_000, { status: 500, errorClass: 'server', errorType: 'internal' }),
      );
      const r = s.window('production', T0, T0 + MIN);
      assert.deepEqual(rollupCounts(objective('latency-p95'), r), { total: 9, bad: 0 });
      assert.deepEqual(rollupCounts(objective('availability'), r), { total: 10, bad: 1 });
    } finally {
      s.close();
    }
  });

  it("a client's 404 is no bad event; a 429 is one by default and not where failureTypes leaves it out", () => {
    const s = store();
    try {
      for (let i = 0; i < 8; i++) s.record(measurement(T0 + i * 1000, 200));
      s.record(measurement(T0 + 10_000, 5, { status: 404, errorClass: 'client', errorType: 'not_found' }));
      s.record(measurement(T0 + 11_000, 5, { status: 429, errorClass: 'server', errorType: 'rate_limited' }));
      const r = s.window('production', T0, T0 + MIN);
      assert.equal(r.errorsTotal, 2);
      assert.deepEqual(rollupCounts(objective('availability'), r), { total: 10, bad: 1 });
      const without429 = objective(
        'availability',
        '[internal, unavailable, timeout, stream_aborted, stream_error]',
      );
      assert.deepEqual(rollupCounts(without429, r), { total: 10, bad: 0 });
    } finally {
      s.close();
    }
  });
});
