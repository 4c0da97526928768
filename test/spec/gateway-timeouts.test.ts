/** `environments.<env>.gateway.timeouts`: durations in ms for the gateway; bad ones are problems at their path. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSpecText, formatProblem, parseSpec } from '../../src/spec/index.ts';

/** The default spec with `block` added to production. */
function withGateway(block: string) {
  const text = defaultSpecText().replace(
    /^( {2}production:\n)/m,
    `$1    gateway:\n      timeouts:\n${block}`,
  );
  assert.notEqual(text, defaultSpecText());
  return parseSpec(text, 'slo.yaml');
}

describe('spec gateway.timeouts', () => {
  it('reads the set timeouts in milliseconds; unset ones stay unset', () => {
    const r = withGateway('        connect: 2s\n        total: 10m\n');
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
    const prod = r.spec.environments.find((e) => e.name === 'production');
    assert.deepEqual(prod?.gatewayTimeouts, { connectMs: 2000, totalMs: 600_000 });
    assert.equal(r.spec.environments.find((e) => e.name === 'staging')?.gatewayTimeouts, undefined);
  });

  it('refuses 0, more than a timer holds, non-durations and unknown keys', () => {
    for (const [block, message] of [
      ['        idle: 0s\n', /gateway\.timeouts\.idle.*at least 1ms/],
      ['        response: 30d\n', /gateway\.timeouts\.response.*at most 24d/],
      ['        connect: soon\n', /gateway\.timeouts\.connect.*expected a duration/],
      ['        read: 5s\n', /gateway\.timeouts.*read/],
    ] as const) {
      const r = withGateway(block);
      assert.equal(r.ok, false, block);
      assert.match(r.ok ? '' : r.problems.map(formatProblem).join('\n'), message);
    }
  });
});
