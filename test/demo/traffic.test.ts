/**
 * The traffic generator on a manual clock: arrivals follow the daily shape,
 * requests follow the environment's mix, the in-flight cap sheds, and stop()
 * ends arrivals and aborts what is still open.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type DemoRequest,
  dailyShare,
  demoPlan,
  startTraffic,
  TROUGH_HOUR,
  type TrafficTarget,
} from '../../src/demo/index.ts';
import { manualClock } from '../../src/sim/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const DAY = 240_000; // a compressed day of 4 simulated minutes
// Production's request mix as the demo plans it; the rate is the test's own, high for quick statistics.
const production = demoPlan(defaultSpec()).environments.find((e) => e.environment === 'production');
assert.ok(production, 'the demo plans production');
const target: TrafficTarget = {
  environment: 'production',
  url: 'http://127.0.0.1:1',
  model: 'm',
  peakRequestsPerSecond: 50,
  mix: production.mix,
};
const tick = () => new Promise((r) => setImmediate(r));

describe('traffic', () => {
  it('arrives at a daily-shaped rate: every hour of the day within 15 % of the curve', async () => {
    const clock = manualClock();
    const arrivals: number[] = [];
    const traffic = startTraffic({
      targets: [target, { ...target, environment: 'staging', peakRequestsPerSecond: 5 }],
      dayLengthMs: DAY,
      startDayFraction: 0,
      clock,
      seed: 5,
      send: async (t) => {
        if (t.environment === 'production') arrivals.push(clock.now());
      },
    });
    // Two compressed days, a simulated second at a time so sends settle between steps.
    for (let t = 0; t < 2 * DAY; t += 1000) {
      clock.advance(1000);
      await tick();
    }
    const hours = Array.from({ length: 24 }, () => 0);
    for (const at of arrivals) {
      const h = Math.floor(((at % DAY) / DAY) * 24);
      hours[h] = (hours[h] ?? 0) + 1;
    }
    for (let h = 0; h < 24; h++) {
      // Mean of the curve over the hour, times the peak rate, over two days of 10 s hours.
      let share = 0;
      for (let k = 0; k < 10; k++) share += dailyShare((h + (k + 0.5) / 10) / 24) / 10;
      const expected = 50 * share * (DAY / 24 / 1000) * 2;
      const got = hours[h] ?? 0;
      assert.ok(Math.abs(got / expected - 1) < 0.15, `hour ${h}: ${got} arrivals, expected ${expected}`);
    }
    const trough = hours[TROUGH_HOUR] ?? 0;
    const peak = hours[(TROUGH_HOUR + 12) % 24] ?? 0;
    assert.ok(peak > 2.5 * trough, `peak ${peak}, trough ${trough}`);
    const s = traffic.stats();
    assert.equal(s.byEnvironment.production, arrivals.length);
    assert.ok((s.byEnvironment.staging ?? 0) > 0 && (s.byEnvironment.staging ?? 0) < arrivals.length / 5);
    assert.equal(s.shed, 0);
    await traffic.stop();
    // No arrival after stop.
    clock.advance(DAY);
    await tick();
    assert.equal(traffic.stats().arrivals, s.arrivals);
  });

  it('sends chat requests of the mix: streamed share, max_tokens ranges, the model', async () => {
    const clock = manualClock();
    const sent: DemoRequest[] = [];
    const traffic = startTraffic({
      targets: [target],
      dayLengthMs: DAY,
      clock,
      send: async (_t, r) => {
        sent.push(r);
      },
    });
    for (let i = 0; i < 100; i++) {
      clock.advance(1000);
      await tick();
    }
    await traffic.stop();
    assert.ok(sent.length > 500, `${sent.length}`);
    const streamed = sent.filter((r) => r.stream);
    assert.ok(Math.abs(streamed.length / sent.length - target.mix.streamShare) < 0.05);
    for (const r of sent) {
      const [lo, hi] = r.stream ? target.mix.streamMaxTokens : target.mix.plainMaxTokens;
      assert.ok(r.maxTokens >= lo && r.maxTokens <= hi, `${r.maxTokens}`);
      const body = JSON.parse(r.body);
      assert.equal(body.model, 'm');
      assert.equal(body.stream, r.stream);
      assert.equal(body.max_tokens, r.maxTokens);
    }
  });

  it('sheds arrivals above the in-flight cap and aborts open requests at stop', async () => {
    const clock = manualClock();
    let aborted = 0;
    const traffic = startTraffic({
      targets: [target],
      dayLengthMs: DAY,
      clock,
      maxInFlight: 3,
      send: (_t, _r, signal) =>
        new Promise<void>((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted++;
            reject(new Error('aborted'));
          }),
        ),
    });
    clock.advance(10_000);
    await tick();
    const s = traffic.stats();
    assert.equal(s.inFlight, 3);
    assert.equal(s.shed, s.arrivals - 3);
    assert.ok(s.shed > 0);
    await traffic.stop(10);
    assert.equal(aborted, 3);
    assert.equal(traffic.stats().failed, 3);
    assert.equal(traffic.stats().inFlight, 0);
  });

  it('refuses a day length or scale that is not positive', () => {
    assert.throws(() => startTraffic({ targets: [], dayLengthMs: 0 }), { code: 'invalid_option' });
    assert.throws(() => startTraffic({ targets: [], dayLengthMs: 1, scale: -1 }), { code: 'invalid_option' });
  });
});
