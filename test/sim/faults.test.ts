/**
 * Fault injection state: seeded fates, rates over many requests, forced
 * faults, timed overlays on a manual clock, change notifications, schedules.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_TIMER_MS, manualClock } from '../../src/sim/clock.ts';
import { FaultError, type FaultPatch, Faults, type RequestFate } from '../../src/sim/faults.ts';
import { seededRng } from '../../src/sim/rng.ts';

const MIN = 60_000;

function faults(base?: FaultPatch, seed = 42) {
  const clock = manualClock();
  return { clock, f: new Faults(clock, seededRng(seed), base) };
}

function fates(f: Faults, n: number, streaming = false, expectedTokens = 100): RequestFate[] {
  return Array.from({ length: n }, () => f.fate({ streaming, expectedTokens }));
}

function share(list: readonly RequestFate[], match: (r: RequestFate) => boolean): number {
  return list.filter(match).length / list.length;
}

const mixed: FaultPatch = { errorRates: { 500: 0.2, 429: 0.1 }, hangRate: 0.05, streamCutRate: 0.3 };

describe('fates', () => {
  test('repeat exactly under the same seed, and differ under another', () => {
    const a = fates(faults(mixed, 7).f, 500, true);
    const b = fates(faults(mixed, 7).f, 500, true);
    const c = fates(faults(mixed, 8).f, 500, true);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  test('honour the rates over 10,000 requests', () => {
    const list = fates(faults(mixed).f, 10_000, true);
    const status = (s: number) => (r: RequestFate) => r.kind === 'error' && r.status === s;
    assert.ok(Math.abs(share(list, (r) => r.kind === 'hang') - 0.05) < 0.015);
    // Errors are drawn for requests that did not hang: 0.95 of the rate.
    assert.ok(Math.abs(share(list, status(500)) - 0.2 * 0.95) < 0.03);
    assert.ok(Math.abs(share(list, status(429)) - 0.1 * 0.95) < 0.02);
    assert.equal(share(list, status(503)), 0);
    assert.ok(Math.abs(share(list, (r) => r.kind === 'cut') - 0.3 * 0.95 * 0.7) < 0.03);
  });

  test('cut streams at a token index in [1, expectedTokens - 1], covering both ends', () => {
    const list = fates(faults({ streamCutRate: 1 }).f, 2000, true, 4);
    const at = new Set(list.map((r) => (r.kind === 'cut' ? r.afterTokens : -1)));
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      [1, 2, 3],
    );
  });

  test('never cut a non-streamed response, nor a stream under 2 tokens', () => {
    const { f } = faults({ streamCutRate: 1 });
    assert.deepEqual(fates(f, 50, false), Array(50).fill({ kind: 'serve' }));
    assert.deepEqual(fates(f, 50, true, 1), Array(50).fill({ kind: 'serve' }));
    assert.equal(fates(f, 1, true, 2)[0]?.kind, 'cut');
  });

  test('forced by header: each value, whatever the settings, without drawing', () => {
    const { f } = faults({ hangRate: 1 });
    const force = (forced: string) => f.fate({ forced, streaming: true, expectedTokens: 10 });
    assert.deepEqual(force('400'), { kind: 'error', status: 400 });
    assert.deepEqual(force('429'), { kind: 'error', status: 429 });
    assert.deepEqual(force('500'), { kind: 'error', status: 500 });
    assert.deepEqual(force('503'), { kind: 'error', status: 503 });
    assert.deepEqual(force(' HANG '), { kind: 'hang' });
    assert.deepEqual(force('cut'), { kind: 'cut', afterTokens: 5 });
    const plain = faults(mixed, 3).f;
    const forcedFirst = faults(mixed, 3).f;
    forcedFirst.fate({ forced: '500', streaming: false, expectedTokens: 10 });
    assert.deepEqual(fates(forcedFirst, 100), fates(plain, 100));
  });

  test('an unknown forced value throws invalid_forced_fault', () => {
    const { f } = faults();
    for (const forced of ['502', '', 'timeout']) {
      assert.throws(
        () => f.fate({ forced, streaming: false, expectedTokens: 10 }),
        (e: unknown) => e instanceof FaultError && e.code === 'invalid_forced_fault' && e.value === forced,
      );
    }
    assert.throws(() => f.fate({ forced: '502', streaming: false, expectedTokens: 10 }), {
      message: 'x-sim-fault: expected one of 400, 429, 500, 503, hang, cut, stream-error, got "502"',
    });
  });

  test('unhealthy answers 503 before hang, errors and cuts; only a forced fault beats it', () => {
    const { f } = faults({ unhealthy: true, hangRate: 1, errorRates: { 500: 1 }, streamCutRate: 1 });
    assert.deepEqual(fates(f, 20, true), Array(20).fill({ kind: 'error', status: 503 }));
    assert.deepEqual(f.fate({ forced: 'hang', streaming: true, expectedTokens: 10 }), { kind: 'hang' });
  });
});

describe('overlays', () => {
  test('a timed overlay reverts exactly at its duration', () => {
    const { clock, f } = faults({ latencyMultiplier: 2 });
    clock.advance(1000);
    assert.deepEqual(f.apply({ latencyMultiplier: 5 }, 30_000), { id: 1, until: 31_000 });
    assert.deepEqual(f.active(), [{ id: 1, patch: { latencyMultiplier: 5 }, until: 31_000 }]);
    clock.advance(29_999);
    assert.equal(f.settings().latencyMultiplier, 5);
    clock.advance(1);
    assert.equal(f.settings().latencyMultiplier, 2);
    assert.deepEqual(f.active(), []);
  });

  test('later overlays win per field and per status; earlier ones show again when they end', () => {
    const { clock, f } = faults();
    f.apply({ errorRates: { 500: 0.3, 503: 0.1 }, latencyMultiplier: 2 }, 10 * MIN);
    f.apply({ errorRates: { 500: 0.05 } }, MIN);
    assert.deepEqual(f.settings().errorRates, { 400: 0, 429: 0, 500: 0.05, 503: 0.1 });
    assert.equal(f.settings().latencyMultiplier, 2);
    clock.advance(MIN);
    assert.equal(f.settings().errorRates[500], 0.3);
  });

  test('a lasting change made during an overlay wins over it and outlives it', () => {
    const { clock, f } = faults();
    f.apply({ errorRates: { 500: 0.5 } }, MIN);
    assert.deepEqual(f.apply({ errorRates: { 500: 0 } }), { id: 2, until: undefined });
    assert.equal(f.settings().errorRates[500], 0);
    assert.deepEqual(f.active(), [
      { id: 1, patch: { errorRates: { 500: 0.5 } }, until: MIN },
      { id: 2, patch: { errorRates: { 500: 0 } }, until: undefined },
    ]);
    clock.advance(MIN);
    assert.equal(f.settings().errorRates[500], 0);
    assert.deepEqual(f.active(), []);
  });

  test('rates summing above 1 keep the newer ones and shrink the rest', () => {
    const { f } = faults({ errorRates: { 500: 0.8, 429: 0.2 } });
    f.apply({ errorRates: { 503: 0.5 } }, MIN);
    assert.deepEqual(f.settings().errorRates, { 400: 0, 429: 0.1, 500: 0.4, 503: 0.5 });
  });

  test('reset restores the base and cancels the overlay timers', () => {
    const { clock, f } = faults({ hangRate: 0.1 });
    f.apply({ hangRate: 0.5 });
    f.apply({ outage: true }, MIN);
    f.reset();
    assert.equal(clock.pending(), 0);
    assert.deepEqual(f.active(), []);
    assert.equal(f.settings().hangRate, 0.1);
    assert.equal(f.settings().outage, false);
  });

  test('invalid patches and durations throw FaultError', () => {
    const { f } = faults();
    const bad: Array<[FaultPatch, number | undefined]> = [
      [{ errorRates: { 500: 2 } }, undefined],
      [{ errorRates: { 500: 0.6, 503: 0.6 } }, undefined],
      [{ latencyMultiplier: 0 }, undefined],
      [{ hangRate: -0.1 }, undefined],
      [{ outage: true }, 0],
      [{ outage: true }, Number.NaN],
    ];
    for (const [patch, ms] of bad) assert.throws(() => f.apply(patch, ms), FaultError);
    assert.throws(() => faults({ streamCutRate: 1.5 }), FaultError);
    assert.deepEqual(f.active(), []);
  });

  test('a duration no timer can hold throws, naming the limit, rather than ending after 1 ms', () => {
    const { f } = faults();
    assert.doesNotThrow(() => f.apply({ outage: true }, MAX_TIMER_MS));
    assert.throws(
      () => f.apply({ outage: true }, MAX_TIMER_MS + 1),
      (err: unknown) =>
        err instanceof FaultError &&
        err.code === 'invalid_fault_duration' &&
        err.message ===
          `duration: expected at most ${MAX_TIMER_MS} ms (24d20h31m23s647ms), got ${MAX_TIMER_MS + 1}`,
    );
    const { clock, f: g } = faults();
    for (const entry of [
      { atMs: MAX_TIMER_MS + 1, durationMs: MIN, patch: { outage: true } },
      { atMs: MIN, durationMs: 30 * 24 * 60 * MIN, patch: { outage: true } },
    ])
      assert.throws(() => g.startSchedule([entry]), FaultError);
    assert.equal(clock.pending(), 0);
  });
});

describe('onChange', () => {
  test('fires on apply, expiry and reset, with the new settings, until unsubscribed', () => {
    const { clock, f } = faults();
    const seen: number[] = [];
    const off = f.onChange((s) => seen.push(s.latencyMultiplier));
    f.apply({ latencyMultiplier: 3 }, 1000);
    f.apply({ latencyMultiplier: 4 });
    clock.advance(1000);
    f.reset();
    off();
    f.apply({ latencyMultiplier: 9 });
    assert.deepEqual(seen, [3, 4, 4, 1]);
  });
});

describe('schedules', () => {
  test('apply at their simulated times, relative to the start, and revert', () => {
    const { clock, f } = faults();
    const outages: Array<[number, boolean]> = [];
    f.onChange((s) => outages.push([clock.now(), s.outage]));
    clock.advance(7000);
    f.startSchedule([
      { atMs: 0, durationMs: 45_000, patch: { unhealthy: true } },
      { atMs: 5 * MIN, durationMs: 2 * MIN, patch: { outage: true } },
      { atMs: 5 * MIN, durationMs: MIN, patch: { outage: false } },
    ]);
    assert.equal(f.settings().unhealthy, true, 'an entry at 0s holds before the clock moves');
    clock.advance(45_000 - 1);
    assert.equal(f.settings().unhealthy, true);
    clock.advance(1);
    assert.equal(f.settings().unhealthy, false);
    clock.advance(10 * MIN);
    const start = 7000;
    assert.deepEqual(outages, [
      [start, false],
      [start + 45_000, false],
      [start + 5 * MIN, true],
      [start + 5 * MIN, false],
      [start + 6 * MIN, true],
      [start + 7 * MIN, false],
    ]);
  });

  test('stop cancels what has not happened yet', () => {
    const { clock, f } = faults();
    f.startSchedule([{ atMs: MIN, durationMs: MIN, patch: { latencyMultiplier: 3 } }]);
    f.apply({ hangRate: 0.2 }, 30_000);
    f.stop();
    assert.equal(clock.pending(), 0);
    clock.advance(10 * MIN);
    assert.equal(f.settings().latencyMultiplier, 1);
  });

  test('an invalid entry throws before anything is scheduled', () => {
    const { clock, f } = faults();
    const entries = [
      { atMs: MIN, durationMs: MIN, patch: { outage: true } },
      { atMs: 2 * MIN, durationMs: 0, patch: { outage: true } },
    ];
    assert.throws(() => f.startSchedule(entries), FaultError);
    assert.equal(clock.pending(), 0);
  });
});
