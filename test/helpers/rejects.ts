/** Asserting that a promise rejects with one of the project's small error classes (a code and a message). */
import assert from 'node:assert/strict';

/** Asserts that `p` rejects with an instance of `type` whose code is `code` and whose message matches `message`. */
export async function rejectsWith<E extends Error & { code: string }>(
  p: Promise<unknown>,
  type: new (...args: never[]) => E,
  code: E['code'],
  message: RegExp,
): Promise<void> {
  await assert.rejects(p, (err) => {
    assert.ok(err instanceof type, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });
}
