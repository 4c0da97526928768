/** Credentials in URLs: hidden in any text, and taken apart for basic auth. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hideUrlCredentials, splitUrlCredentials } from '../../src/net/index.ts';

describe('hideUrlCredentials', () => {
  it('hides the user info of every URL in a text, and leaves other text alone', () => {
    assert.equal(
      hideUrlCredentials("argument 'https://admin:s3cret@prom:9090/x' and http://u@h/ or a@b.c"),
      "argument 'https://***@prom:9090/x' and http://***@h/ or a@b.c",
    );
    assert.equal(hideUrlCredentials('http://prom:9090/api'), 'http://prom:9090/api');
  });
});

describe('splitUrlCredentials', () => {
  it('takes user and password out of the URL, percent-decoded', () => {
    assert.deepEqual(splitUrlCredentials('http://admin:s%3Acret@prom:9090/prefix/'), {
      base: 'http://prom:9090/prefix',
      credentials: { username: 'admin', password: 's:cret' },
    });
  });

  it('keeps a malformed escape as written instead of throwing', () => {
    assert.deepEqual(splitUrlCredentials('http://us%zz:p@h:1'), {
      base: 'http://h:1',
      credentials: { username: 'us%zz', password: 'p' },
    });
  });

  it('leaves a URL without user info, or a string that is no URL, as given', () => {
    assert.deepEqual(splitUrlCredentials('http://prom:9090/'), { base: 'http://prom:9090' });
    assert.deepEqual(splitUrlCredentials('not a url'), { base: 'not a url' });
  });
});
