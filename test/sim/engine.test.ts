/**
 * The continuous-batching model on a manual clock: latencies at low load,
 * saturation throughput per profile (the guide's ranges), TTFT growing with
 * the queue, preemption, abort, and the bounded queue.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../../src/sim/clock.ts';
import { Engine } from '../../src/sim/engine.ts';
import type { FinishedRequest } from '../../src/sim/engine-types.ts';
import { profile } from '../../src/sim/profiles.ts';

function request(id: string, prompt: number, output: number, done: FinishedRequest[], tokens: number[] = []) {
  return {
    id,
    promptTokens: prompt,
    outputTokens: output,
    finishReason: 'length' as const,
    onToken: (_i: number, at: number) => tokens.push(at),
    onFinish: (r: FinishedRequest) => done.push(r),
  };
}

/** Offers `rate` chat requests/s (500 prompt, 150-250 output) for `seconds`; returns completions/s in the second half. */
function saturate(name: string, rate: number, seconds: number): number {
  const clock = manualClock();
  const engine = new Engine(profile(name), clock);
  const done: FinishedRequest[] = [];
  const every = 1000 / rate;
  let next = 0;
  let n = 0;
  for (let t = 0; t < seconds * 1000; t += 5) {
    while (next <= t) {
      engine.submit(request(String(n), 500, 150 + ((n * 37) % 101), done));
      n++;
      next += every;
    }
    clock.advance(5);
  }
  const half = (seconds * 1000) / 2;
  return done.filter((r) => r.finished > half).length / (seconds / 2);
}

describe('latency model', () => {
  it('7b at batch 1: TTFT in the engine about 33 ms, 11 ms per output token (8B on an H100)', () => {
    const clock = manualClock();
    const engine = new Engine(profile('7b'), clock);
    const done: FinishedRequest[] = [];
    const tokens: number[] = [];
    engine.submit(request('a', 500, 200, done, tokens));
    clock.advance(10_000);
    const r = done[0];
    assert.ok(r);
    assert.equal(r.generatedTokens, 200);
    const ttft = (r.firstToken ?? 0) - r.arrival;
    // One step: decode base 11 + prefill overhead 4 + 500 * 0.035; the API server adds 30 ms before it.
    assert.equal(Math.round(ttft * 10) / 10, 32.5);
    const itl = r.interTokenMs.reduce((a, b) => a + b, 0) / r.interTokenMs.length;
    assert.ok(itl > 10 && itl < 15, `inter-token ${itl} ms`);
  });

  for (const [name, lo, hi] of [
    ['7b', 20, 30],
    ['13b', 10, 15],
    ['70b', 2, 5],
  ] as const) {
    it(`${name} saturates within the guide's ${lo}-${hi} req/s for 500-in/200-out chat requests`, () => {
      const achieved = saturate(name, hi * 2, 120);
      assert.ok(achieved >= lo && achieved <= hi, `${name}: ${achieved.toFixed(2)} req/s`);
    });
  }

  it('TTFT rises with the queue length', () => {
    const clock = manualClock();
    const engine = new Engine(profile('7b', { maxNumSeqs: 8 }), clock);
    const done: FinishedRequest[] = [];
    for (let i = 0; i < 40; i++) engine.submit(request(String(i), 500, 100, done));
    clock.advance(120_000);
    assert.equal(done.length, 40);
    const ttft = (id: string) => {
      const r = done.find((d) => d.id === id);
      return (r?.firstToken ?? 0) - (r?.arrival ?? 0);
    };
    assert.ok(ttft('0') < ttft('10') && ttft('10') < ttft('20') && ttft('20') < ttft('39'));
    // Requests 8 on wait for a whole batch of 100 tokens before their first token.
    assert.ok(ttft('8') > 100 * 11, `ttft of the 9th: ${ttft('8')}`);
  });

  it('E2E latency grows with the batch size', () => {
    const e2e = (concurrent: number): number => {
      const clock = manualClock();
      const engine = new Engine(profile('7b'), clock);
      const done: FinishedRequest[] = [];
      for (let i = 0; i < concurrent; i++) engine.submit(request(String(i), 500, 200, done));
      clock.advance(60_000);
      return Math.max(...done.map((r) => r.finished - r.arrival));
    };
    assert.ok(e2e(1) < e2e(64) && e2e(64) < e2e(256));
  });

  it('preempts the newest sequence when the KV cache is full, and still finishes everything', () => {
    const clock = manualClock();
    const engine = new Engine(profile('7b', { kvCacheTokens: 3000 }), clock);
    const done: FinishedRequest[] = [];
    for (let i = 0; i < 6; i++) engine.submit(request(String(i), 400, 200, done));
    clock.advance(120_000);
    assert.equal(done.length, 6);
    assert.ok(engine.stats().preemptions > 0);
    assert.ok(done.some((r) => r.preemptions > 0));
    assert.ok(done.every((r) => r.generatedTokens === 200));
  });

  it('refuses requests beyond the waiting queue and over the context length', () => {
    const clock = manualClock();
    const engine = new Engine(profile('7b', { maxNumSeqs: 1, maxWaiting: 2, maxModelLen: 1000 }), clock);
    const done: FinishedRequest[] = [];
    // "a" runs at once; "b" and "c" wait; the queue holds two.
    for (const id of ['a', 'b', 'c'])
      assert.deepEqual(engine.submit(request(id, 500, 100, done)), { ok: true });
    assert.deepEqual(engine.stats().waiting, 2);
    assert.deepEqual(engine.submit(request('d', 500, 100, done)), { ok: false, reason: 'queue_full' });
    assert.deepEqual(engine.submit(request('e', 900, 200, done)), { ok: false, reason: 'too_long' });
  });

  it('an aborted request leaves the batch at once and is reported with reason abort', () => {
    const clock = manualClock();
    const engine = new Engine(profile('7b'), clock);
    const done: FinishedRequest[] = [];
    engine.submit(request('a', 500, 1000, done));
    clock.advance(500);
    engine.abort('a');
    assert.equal(done[0]?.reason, 'abort');
    assert.equal(engine.stats().running, 0);
    assert.equal(engine.stats().kvCacheUsage, 0);
  });
});
