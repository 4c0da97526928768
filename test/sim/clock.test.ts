/**
 * The real clock's timers: a wait beyond one setTimeout's reach (2^31 - 1 ms,
 * past which Node fires after 1 ms) is chained in legs, so a slow
 * --time-scale cannot turn a long fault into one that ends at once. Node's
 * mock timers stand in for the 25 days.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_TIMER_MS, realClock } from '../../src/sim/clock.ts';

describe('realClock', () => {
  test('waits beyond 2^31 - 1 ms in legs no timer overflows, and fires once at the end', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const spy = t.mock.method(globalThis, 'setTimeout');
    let fired = 0;
    // 2 simulated days at a quarter speed: 8 real days, then 4 x 2^31 ms more.
    const clock = realClock(0.25);
    const wait = 2 * 86_400_000 + MAX_TIMER_MS;
    clock.after(wait, () => fired++);
    // Leg by leg: Node 20's mock timers start a timer set while ticking from the tick's end.
    let left = wait / 0.25;
    while (left > MAX_TIMER_MS) {
      t.mock.timers.tick(MAX_TIMER_MS);
      left -= MAX_TIMER_MS;
    }
    t.mock.timers.tick(left - 1);
    assert.equal(fired, 0, 'not before its time');
    assert.ok(spy.mock.calls.length > 1, 'one timer for the whole wait');
    for (const call of spy.mock.calls)
      assert.ok(Number(call.arguments[1]) <= MAX_TIMER_MS, 'a leg overflows');
    t.mock.timers.tick(1);
    assert.equal(fired, 1);
  });

  test('a cancelled long wait never fires, whichever leg it is in', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let fired = false;
    const timer = realClock(1).after(3 * MAX_TIMER_MS, () => {
      fired = true;
    });
    t.mock.timers.tick(MAX_TIMER_MS + 5);
    timer.cancel();
    t.mock.timers.tick(3 * MAX_TIMER_MS);
    assert.equal(fired, false);
  });
});
