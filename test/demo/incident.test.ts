/**
 * The incident script on a manual clock: faults go on at the scheduled
 * times on the right pods and off again when their time is up, events say
 * so, and stop() cancels what has not started.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_INCIDENT, type IncidentStep, startIncident } from '../../src/demo/index.ts';
import { Faults, manualClock, seededRng } from '../../src/sim/index.ts';

const MIN = 60_000;

function rig() {
  const clock = manualClock();
  const pod = (name: string) => ({ name, faults: new Faults(clock, seededRng(1)) });
  const staging = [pod('vllm-staging-0'), pod('vllm-staging-1')];
  const production = [pod('vllm-production-0'), pod('vllm-production-1'), pod('vllm-production-2')];
  const targets = [
    { environment: 'staging', pods: staging },
    { environment: 'production', pods: production },
  ];
  // Rounded: 0.4 + 0.2 is 0.6000000000000001.
  const errorRate = (p: { faults: Faults }) =>
    Math.round(Object.values(p.faults.settings().errorRates).reduce((a, b) => a + b, 0) * 1e9) / 1e9;
  const slow = (p: { faults: Faults }) => p.faults.settings().latencyMultiplier;
  return { clock, staging, production, targets, errorRate, slow };
}

describe('incident script', () => {
  it('runs the default schedule: staging errors at T for 6 min, production slow at T+2m for 8 min', () => {
    const { clock, staging, production, targets, errorRate, slow } = rig();
    const T = 3 * MIN;
    const script = startIncident({ targets, afterMs: T, clock });
    const at = (ms: number) => clock.advance(ms - clock.now());
    const state = () => ({
      staging: staging.map(errorRate),
      production: production.map(slow),
    });

    at(T - 1);
    assert.deepEqual(state(), { staging: [0, 0], production: [1, 1, 1] });
    at(T);
    assert.deepEqual(state(), { staging: [0.6, 0.6], production: [1, 1, 1] });
    at(T + 2 * MIN);
    assert.deepEqual(state(), { staging: [0.6, 0.6], production: [3, 3, 3] });
    at(T + 6 * MIN - 1);
    assert.deepEqual(state().staging, [0.6, 0.6]);
    at(T + 6 * MIN);
    assert.deepEqual(state(), { staging: [0, 0], production: [3, 3, 3] });
    at(T + 10 * MIN - 1);
    assert.deepEqual(state().production, [3, 3, 3]);
    at(T + 10 * MIN);
    assert.deepEqual(state(), { staging: [0, 0], production: [1, 1, 1] });

    const events = script.events().map((e) => [e.kind, e.step.name, e.at, e.pods.length]);
    assert.deepEqual(events, [
      ['start', 'staging error burst', T, 2],
      ['start', 'production latency spike', T + 2 * MIN, 3],
      ['end', 'staging error burst', T + 6 * MIN, 2],
      ['end', 'production latency spike', T + 10 * MIN, 3],
    ]);
    assert.match(script.events()[0]?.description ?? '', /staging error burst started on vllm-staging-0/);
    assert.equal(DEMO_INCIDENT.length, 2);
  });

  it('hits only the listed pods, skips environments without targets, and stop() cancels the rest', () => {
    const { clock, production, targets, slow } = rig();
    const steps: IncidentStep[] = [
      {
        name: 'one slow pod',
        description: '',
        environment: 'production',
        atMs: 0,
        durationMs: MIN,
        patch: { latencyMultiplier: 2 },
        pods: [1],
      },
      {
        name: 'nowhere',
        description: '',
        environment: 'qa',
        atMs: 0,
        durationMs: MIN,
        patch: { outage: true },
      },
      {
        name: 'later',
        description: '',
        environment: 'production',
        atMs: 5 * MIN,
        durationMs: MIN,
        patch: { latencyMultiplier: 4 },
      },
    ];
    const seen: string[] = [];
    const script = startIncident({
      targets,
      afterMs: 1000,
      steps,
      clock,
      onEvent: (e) => seen.push(`${e.kind} ${e.step.name}`),
    });
    clock.advance(1000);
    assert.deepEqual(production.map(slow), [1, 2, 1]);
    script.stop();
    clock.advance(10 * MIN);
    // The started fault still expires by itself; the later step never starts and no end event comes.
    assert.deepEqual(production.map(slow), [1, 1, 1]);
    assert.deepEqual(seen, ['start one slow pod']);
  });
});
