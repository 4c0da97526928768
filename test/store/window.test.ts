/**
 * Records into window(), series() and requestsByPod() with sums worked out
 * by hand; the same answers from the buffer, after a flush and after
 * compaction.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sketch } from '../../src/engine/sketch.ts';
import { emptyRollup, mergeInto, type Rollup, SloStore } from '../../src/store/index.ts';
import { HOUR, MIN, measurement, T0 } from './store-helpers.ts';

/** The traffic of the tests below; comments give what each line adds. */
function fill(store: SloStore): void {
  // production/llama/pod-a, minute T0+10m: 3 requests of 0.1, 0.2, 0.3 s, one a server error.
  store.record(measurement(T0 + 10 * MIN + 1000, 100));
  store.record(measurement(T0 + 10 * MIN + 2000, 200));
  store.record(
    measurement(T0 + 10 * MIN + 3000, 300, { status: 500, errorClass: 'server', errorType: 'internal' }),
  );
  // Received in minute 10, finished in minute 11: filed under minute 11 (as Prometheus counts it).
  store.record(measurement(T0 + 11 * MIN + 500, 2000, { pod: 'pod-b', ttftMs: 400 }));
  // production/llama/pod-b, minute 11: a rate-limited request without tokens, and a cancellation.
  store.record(
    measurement(T0 + 11 * MIN + 5000, 50, {
      pod: 'pod-b',
      status: 429,
      errorClass: 'server',
      errorType: 'rate_limited',
      ttftMs: undefined,
      promptTokens: undefined,
      completionTokens: undefined,
    }),
  );
  store.record(measurement(T0 + 11 * MIN + 6000, 9000, { pod: 'pod-b', cancelled: true }));
  // production/mistral/pod-a, minute 70.
  store.record(measurement(T0 + 70 * MIN, 1000, { model: 'mistral' }));
  // staging: never in production's answers.
  store.record(measurement(T0 + 10 * MIN, 100, { environment: 'staging' }));
  // The collector's delta for production/mistral/pod-c, minute 90: 4 requests, 1 timeout.
  const delta = emptyRollup();
  delta.requests = 4;
  delta.errors.set('server:timeout', 1);
  delta.errorsTotal = 1;
  delta.promptTokens = 400;
  delta.generationTokens = 800;
  for (const s of [0.5, 0.5, 1, 30]) delta.duration.add(s);
  store.add({
    at: T0 + 90 * MIN + 30_000,
    environment: 'production',
    model: 'mistral',
    pod: 'pod-c',
    rollup: delta,
  });
}

function checkTotals(r: Rollup): void {
  assert.equal(r.requests, 3 + 1 + 1 + 1 + 4);
  assert.equal(r.cancellations, 1);
  assert.equal(r.errorsTotal, 3);
  assert.deepEqual(
    new Map([...r.errors].sort()),
    new Map([
      ['server:internal', 1],
      ['server:rate_limited', 1],
      ['server:timeout', 1],
    ]),
  );
  assert.equal(r.promptTokens, 10 * 5 + 400);
  assert.equal(r.generationTokens, 20 * 5 + 800);
  // Successful requests only: the 500 (0.3 s) and the 429 (0.05 s) are in requests and errors alone.
  assert.equal(r.duration.count, 8);
  assert.ok(Math.abs(r.duration.sum - (0.3 + 2 + 1 + 32)) < 1e-9);
  assert.equal(r.ttft.count, 4);
  assert.ok(Math.abs(r.ttft.sum - (0.3 + 0.4 + 1)) < 1e-9);
}

function checkSlices(store: SloStore): void {
  const minute11 = store.window('production', T0 + 11 * MIN, T0 + 12 * MIN);
  assert.equal(minute11.requests, 2);
  assert.equal(minute11.cancellations, 1);
  assert.equal(store.window('production', T0 + 11 * MIN, T0 + 12 * MIN, { pod: 'pod-a' }).requests, 0);
  assert.equal(store.window('production', T0, T0 + 2 * HOUR, { model: 'mistral' }).requests, 5);
  assert.equal(store.window('production', T0, T0 + 2 * HOUR, { model: 'llama', pod: 'pod-a' }).requests, 3);
  assert.equal(store.window('staging', T0, T0 + 2 * HOUR).requests, 1);
  assert.equal(store.window('nowhere', T0, T0 + 2 * HOUR).requests, 0);
  // Edges snap to the nearest minute: 10:40 rounds up to 11:00, so minute 10 is out.
  assert.equal(store.window('production', T0 + 10 * MIN + 40_000, T0 + 12 * MIN).requests, 2);
  assert.deepEqual(
    store.series('production', T0, T0 + 2 * HOUR, 30 * MIN).map((r) => r.requests),
    [5, 0, 1, 4],
  );
  assert.deepEqual(
    new Map([...store.requestsByPod('production', T0, T0 + 2 * HOUR)].sort()),
    new Map([
      ['pod-a', 4],
      ['pod-b', 2],
      ['pod-c', 4],
    ]),
  );
  assert.deepEqual(store.environments(), ['production', 'staging']);
}

describe('window round trip', () => {
  it('answers from the buffer, after flush, and after compaction alike', () => {
    let now = T0 + 2 * HOUR;
    const store = SloStore.open(':memory:', { autoCompact: false, now: () => now });
    try {
      fill(store);
      for (const stage of ['buffered', 'flushed', 'compacted']) {
        if (stage === 'flushed') store.flush();
        if (stage === 'compacted') {
          now = T0 + 3 * HOUR;
          store.compact();
        }
        checkTotals(store.window('production', T0, T0 + 2 * HOUR));
        checkSlices(store);
      }
      // After compaction the two whole hours come from hour rows: the environment's total per hour
      // unfiltered, one row per series (llama/pod-a, llama/pod-b) of the model filtered.
      store.window('production', T0, T0 + 2 * HOUR);
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 2, days: 0 });
      store.window('production', T0, T0 + 2 * HOUR, { model: 'llama' });
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 2, days: 0 });
      store.window('production', T0, T0 + 2 * HOUR, { model: 'mistral' });
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 2, days: 0 });
      store.window('production', T0 + 10 * MIN, T0 + 12 * MIN, { model: 'llama' });
      assert.deepEqual(store.lastReadRows, { minutes: 2, hours: 0, days: 0 });
    } finally {
      store.close();
    }
  });

  it('merges rollups by adding every count and sketch', () => {
    const a = emptyRollup();
    a.requests = 2;
    a.errors.set('server:internal', 1);
    a.errorsTotal = 1;
    a.duration.add(1);
    const b = emptyRollup();
    b.requests = 3;
    b.errors.set('server:internal', 2);
    b.errors.set('client:auth', 1);
    b.errorsTotal = 3;
    b.cancellations = 1;
    b.promptTokens = 7;
    b.generationTokens = 9;
    b.duration.add(2);
    b.ttft.add(0.5);
    mergeInto(a, b);
    assert.equal(a.requests, 5);
    assert.equal(a.errorsTotal, 4);
    assert.equal(a.errors.get('server:internal'), 3);
    assert.equal(a.errors.get('client:auth'), 1);
    assert.equal(a.cancellations, 1);
    assert.equal(a.promptTokens, 7);
    assert.equal(a.generationTokens, 9);
    assert.equal(a.duration.count, 2);
    assert.equal(a.ttft.count, 1);
    assert.equal(b.requests, 3, 'the source is unchanged');
    assert.ok(a.duration instanceof Sketch);
  });

  it('counts cancelled requests only as cancellations', () => {
    const store = SloStore.open(':memory:', { autoCompact: false, now: () => T0 + HOUR });
    try {
      for (let i = 0; i < 5; i++)
        store.record(
          measurement(T0 + i * 1000, 5000, {
            cancelled: true,
            errorClass: 'server',
            errorType: 'stream_aborted',
            ttftMs: 100,
          }),
        );
      store.flush();
      const r = store.window('production', T0, T0 + HOUR);
      assert.equal(r.cancellations, 5);
      assert.equal(r.requests, 0);
      assert.equal(r.errorsTotal, 0);
      assert.equal(r.errors.size, 0);
      assert.equal(r.duration.count, 0);
      assert.equal(r.ttft.count, 0);
      assert.equal(r.promptTokens, 0);
    } finally {
      store.close();
    }
  });

  it('refuses a series step that is not a whole number of minutes', () => {
    const store = SloStore.open(':memory:', { autoCompact: false });
    try {
      assert.throws(() => store.series('production', T0, T0 + HOUR, 90_000), RangeError);
    } finally {
      store.close();
    }
  });
});
