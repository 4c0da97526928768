/**
 * serve against hostile requests (issue 17, section 2): the login redirect
 * stays on this server, malformed percent-encodings are the client's error
 * (400, or 401 before authentication), never a 500, and a path that is
 * neither a file nor a UI view is a 404, not the UI's page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type UiAssets } from '../../src/server/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { defaultSpec } from '../helpers/spec.ts';

const spec = await defaultSpec();
const SHELL = '<html>ui</html>';
const assets = async (): Promise<UiAssets> =>
  new Map([
    ['/', { body: Buffer.from(SHELL), contentType: 'text/html; charset=utf-8' }],
    ['/index.html', { body: Buffer.from(SHELL), contentType: 'text/html; charset=utf-8' }],
    ['/assets/app.js', { body: Buffer.from('1'), contentType: 'text/javascript' }],
  ]);
const TOKEN = 'a-test-token-of-32-characters-xx';

let store: SloStore;
before(() => {
  store = SloStore.open(':memory:');
});
after(() => store.close());

describe('serve against hostile requests', () => {
  it('redirects a login to local paths only', async () => {
    const s = await startServer({ spec, source: new EmbeddedSource(store), token: TOKEN, assets });
    try {
      for (const [target, want] of [
        [`//evil.example/?token=${TOKEN}`, '/'],
        [`/\\evil.example/?token=${TOKEN}`, '/'],
        [`/.//evil.example/?token=${TOKEN}`, '/'],
        [`/./\\evil.example/x?token=${TOKEN}`, '/'],
        [`https://evil.example/?token=${TOKEN}`, '/'],
        [`http://evil.example//evil.example/?token=${TOKEN}`, '/'],
        [`/pods?range=6h&token=${TOKEN}`, '/pods?range=6h'],
        [`/?token=${TOKEN}`, '/'],
      ] as const) {
        const res = await rawRequest(s.url, 'GET', target);
        assert.equal(res.status, 303, target);
        assert.equal(res.headers.location, want, target);
      }
    } finally {
      await s.stop();
    }
  });

  it('answers a malformed percent-encoding with 401 before authentication, 400 after, never 500', async () => {
    const s = await startServer({ spec, source: new EmbeddedSource(store), token: TOKEN, assets });
    try {
      const cookie = await rawRequest(s.url, 'GET', '/api/v1/config', { Cookie: 'vllm_slo_token=%zz%' });
      assert.equal(cookie.status, 401);
      const unauth = await rawRequest(s.url, 'GET', '/api/v1/objectives/%zz/availability');
      assert.equal(unauth.status, 401);
      for (const target of [
        '/api/v1/objectives/%zz/availability',
        '/api/v1/objectives/production/%E0%A4%A',
        '/%',
      ]) {
        const res = await rawRequest(s.url, 'GET', target, { Authorization: `Bearer ${TOKEN}` });
        assert.equal(res.status, 400, `${target}: ${res.body}`);
        assert.equal((JSON.parse(res.body) as { error: { code: string } }).error.code, 'bad_path');
      }
    } finally {
      await s.stop();
    }
    const local = await startServer({ spec, source: new EmbeddedSource(store), assets });
    try {
      // No token in force: a malformed cookie is simply no cookie.
      const res = await rawRequest(local.url, 'GET', '/api/v1/config', { Cookie: 'vllm_slo_token=%E0%A4%A' });
      assert.equal(res.status, 200);
      assert.equal((await rawRequest(local.url, 'GET', '/api/v1/objectives/%zz/x')).status, 400);
    } finally {
      await local.stop();
    }
  });

  it("serves the UI's page at / only: its views redirect to their hash, the rest is 404", async () => {
    const s = await startServer({ spec, source: new EmbeddedSource(store), assets });
    try {
      for (const target of [
        '/v1/foo',
        '/../../etc/passwd',
        '/etc/passwd',
        '/objective/x',
        '/pods/x',
        '/assets/x.js',
      ]) {
        const res = await rawRequest(s.url, 'GET', target);
        assert.equal(res.status, 404, target);
        assert.match(res.headers['content-type'] ?? '', /^text\/plain/, target);
        assert.doesNotMatch(res.body, /<html>/, target);
      }
      const api = await rawRequest(s.url, 'GET', '/api/nope');
      assert.equal(api.status, 404);
      assert.match(api.headers['content-type'] ?? '', /^application\/json/);
      for (const target of ['/', '/index.html']) {
        const res = await rawRequest(s.url, 'GET', target);
        assert.equal(res.status, 200, target);
        assert.equal(res.body, SHELL);
      }
      for (const [target, want] of [
        ['/pods', '/#/pods'],
        ['/alerts', '/#/alerts'],
        ['/objective/production/availability?range=6h', '/#/objective/production/availability?range=6h'],
      ] as const) {
        const res = await rawRequest(s.url, 'GET', target);
        assert.equal(res.status, 303, target);
        assert.equal(res.headers.location, want);
      }
    } finally {
      await s.stop();
    }
  });
});
