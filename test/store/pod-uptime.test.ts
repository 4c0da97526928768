/**
 * Pod health: up-share per pod and minutes in which any pod was up, from the
 * buffer, from minute rows and from hour rows after compaction.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PodUptime, SloStore } from '../../src/store/index.ts';
import { HOUR, MIN, T0 } from './store-helpers.ts';

/**
 * Ten minutes of 15-second probes of two pods: pod-a is down in minutes 7
 * and 8; pod-b is down in minutes 3 to 8. So no pod is up in minutes 7 and 8.
 */
function probe(store: SloStore): void {
  for (let t = 0; t < 10 * MIN; t += 15_000) {
    const minute = Math.floor(t / MIN);
    store.recordPodHealth('production', 'pod-a', T0 + t, minute < 7 || minute > 8, 15);
    store.recordPodHealth('production', 'pod-b', T0 + t, minute < 3 || minute > 8, 15);
  }
  store.recordPodHealth('staging', 'pod-z', T0, false, 15);
}

function check(u: PodUptime): void {
  assert.deepEqual(
    new Map([...u.byPod].sort()),
    new Map([
      ['pod-a', 8 / 10],
      ['pod-b', 4 / 10],
    ]),
  );
  assert.equal(u.minutesObserved, 10);
  assert.equal(u.minutesAnyUp, 8);
}

describe('podUptime', () => {
  it('gives the up-share per pod and the minutes with any pod up', () => {
    let now = T0 + 30 * MIN;
    const store = SloStore.open(':memory:', { autoCompact: false, now: () => now });
    try {
      probe(store);
      check(store.podUptime('production', T0, T0 + HOUR));
      store.flush();
      check(store.podUptime('production', T0, T0 + HOUR));
      assert.ok(store.lastReadRows.minutes > 0);
      now = T0 + 2 * HOUR;
      store.compact();
      check(store.podUptime('production', T0, T0 + HOUR));
      assert.deepEqual(store.lastReadRows, { minutes: 0, hours: 3, days: 0 });
      // Part of the range: minutes 5 to 8 (pod-a up in 5 and 6, pod-b never).
      const part = store.podUptime('production', T0 + 5 * MIN, T0 + 9 * MIN);
      assert.equal(part.byPod.get('pod-a'), 0.5);
      assert.equal(part.byPod.get('pod-b'), 0);
      assert.equal(part.minutesObserved, 4);
      assert.equal(part.minutesAnyUp, 2);
      const staging = store.podUptime('staging', T0, T0 + HOUR);
      assert.equal(staging.byPod.get('pod-z'), 0);
      assert.equal(staging.minutesAnyUp, 0);
      assert.equal(staging.minutesObserved, 1);
      assert.deepEqual(store.environments(), ['production', 'staging']);
    } finally {
      store.close();
    }
  });

  it('merges a buffered sample into a minute already stored', () => {
    const store = SloStore.open(':memory:', { autoCompact: false, now: () => T0 + HOUR });
    try {
      store.recordPodHealth('production', 'pod-a', T0, false, 30);
      store.flush();
      store.recordPodHealth('production', 'pod-a', T0 + 30_000, true, 30);
      const u = store.podUptime('production', T0, T0 + MIN);
      assert.equal(u.byPod.get('pod-a'), 0.5);
      assert.equal(u.minutesObserved, 1);
      assert.equal(u.minutesAnyUp, 1);
    } finally {
      store.close();
    }
  });
});
