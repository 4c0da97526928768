/** The request-outcome rules (issue 10): classes and types by status, the failure set, latency over successes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addError,
  badEvents,
  classifyStatus,
  countsForLatency,
  emptyRollup,
  isFailure,
  STREAM_ERROR,
} from '../../src/engine/index.ts';
import { DEFAULT_FAILURE_TYPES } from '../../src/spec/index.ts';

describe('request outcomes', () => {
  it('classify statuses: 429 is the server refusing work, 413/422 the client sending a bad request', () => {
    assert.equal(classifyStatus(200), undefined);
    assert.deepEqual(classifyStatus(429), { errorClass: 'server', errorType: 'rate_limited' });
    assert.deepEqual(classifyStatus(413), { errorClass: 'client', errorType: 'invalid_request' });
    assert.deepEqual(classifyStatus(422), { errorClass: 'client', errorType: 'invalid_request' });
    assert.deepEqual(classifyStatus(401), { errorClass: 'client', errorType: 'auth' });
    assert.deepEqual(classifyStatus(404), { errorClass: 'client', errorType: 'not_found' });
    assert.deepEqual(classifyStatus(503), { errorClass: 'server', errorType: 'unavailable' });
    assert.deepEqual(classifyStatus(504), { errorClass: 'server', errorType: 'timeout' });
    assert.deepEqual(STREAM_ERROR, { errorClass: 'server', errorType: 'stream_error' });
  });

  it('the default failure set holds the server failures and 429, no client error', () => {
    for (const t of ['internal', 'unavailable', 'timeout', 'stream_aborted', 'stream_error', 'rate_limited'])
      assert.equal(isFailure(t, DEFAULT_FAILURE_TYPES), true, t);
    for (const t of ['invalid_request', 'auth', 'not_found', undefined])
      assert.equal(isFailure(t, DEFAULT_FAILURE_TYPES), false, String(t));
  });

  it('bad events of a rollup sum its errors over the set', () => {
    const r = emptyRollup();
    addError(r, 'client', 'not_found', 5);
    addError(r, 'server', 'internal', 2);
    addError(r, 'server', 'rate_limited', 3);
    assert.equal(badEvents(r, DEFAULT_FAILURE_TYPES), 5);
    assert.equal(badEvents(r, ['internal']), 2);
  });

  it('latency counts successful requests only', () => {
    assert.equal(countsForLatency({ errorClass: undefined, errorType: undefined }), true);
    assert.equal(countsForLatency({ errorClass: 'client', errorType: 'not_found' }), false);
    assert.equal(countsForLatency({ errorClass: 'server', errorType: 'internal' }), false);
  });
});
