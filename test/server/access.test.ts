/**
 * Security by default: loopback only under loopback Host names; a token
 * wherever one is set, by bearer header, cookie, or once in the query (which
 * sets the cookie and redirects to a URL without it); and headers that stop
 * the pages from being framed or sniffed.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { isLoopback, startServer, type UiAssets } from '../../src/server/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

const spec = await defaultSpec();
const assets = async (): Promise<UiAssets> =>
  new Map([
    ['/', { body: Buffer.from('<html>ui</html>'), contentType: 'text/html; charset=utf-8' }],
    ['/assets/app.js', { body: Buffer.from('1'), contentType: 'text/javascript' }],
  ]);

/** A GET with an arbitrary Host header (fetch will not send one). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let store: SloStore;
before(() => {
  store = SloStore.open(':memory:');
});
after(() => store.close());

describe('server access', () => {
  it('recognises loopback names', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) assert.ok(isLoopback(h), h);
    for (const h of ['0.0.0.0', '10.0.0.1', 'example.com', '::', '127.0.0.1.evil.com'])
      assert.ok(!isLoopback(h), h);
  });

  it('binds 127.0.0.1 without a token and refuses foreign Host names (DNS rebinding)', async () => {
    const s = await startServer({ spec, source: new EmbeddedSource(store), assets });
    try {
      assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(s.token, undefined);
      assert.equal((await fetch(`${s.url}/api/v1/config`)).status, 200);
      const port = new URL(s.url).port;
      assert.equal((await rawGet(`${s.url}/api/v1/config`, { host: `localhost:${port}` })).status, 200);
      const evil = await rawGet(`${s.url}/api/v1/config`, { host: `evil.example:${port}` });
      assert.equal(evil.status, 403);
    } finally {
      await s.stop();
    }
  });

  it('generates and requires a token when exposed', async () => {
    const s = await startServer({ spec, source: new EmbeddedSource(store), host: '0.0.0.0', assets });
    try {
      assert.ok(s.token && s.token.length >= 32, 'a token is generated');
      const port = new URL(s.url).port;
      const base = `http://127.0.0.1:${port}`;
      const denied = await fetch(`${base}/api/v1/status`);
      assert.equal(denied.status, 401);
      assert.equal(((await denied.json()) as { error: { code: string } }).error.code, 'unauthorized');
      assert.equal((await fetch(`${base}/`)).status, 401, 'pages too');
      const page = await fetch(`${base}/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
      assert.equal(page.status, 401);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await page.text(), /access token is required.*\?token=/, 'a browser is told what to do');
      const wrong = await fetch(`${base}/api/v1/config`, { headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.status, 401);
      const bearer = await fetch(`${base}/api/v1/config`, {
        headers: { authorization: `Bearer ${s.token}` },
      });
      assert.equal(bearer.status, 200);
      const login = await fetch(`${base}/objective?range=6h&token=${s.token}`, { redirect: 'manual' });
      assert.equal(login.status, 303);
      assert.equal(login.headers.get('location'), '/objective?range=6h');
      const cookie = login.headers.get('set-cookie') ?? '';
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      const withCookie = await fetch(`${base}/api/v1/config`, {
        headers: { cookie: cookie.split(';')[0] ?? '' },
      });
      assert.equal(withCookie.status, 200);
      assert.doesNotMatch(await withCookie.text(), new RegExp(s.token), 'the token is not in answers');
    } finally {
      await s.stop();
    }
  });

  it('serves the UI shell for page paths with a strict content security policy', async () => {
    const s = await startServer({
      spec,
      source: new EmbeddedSource(store),
      token: 'fixed-token-for-test',
      assets,
    });
    try {
      const auth = { authorization: 'Bearer fixed-token-for-test' };
      const page = await fetch(`${s.url}/objective/production/availability`, { headers: auth });
      assert.equal(page.status, 200);
      assert.equal(await page.text(), '<html>ui</html>');
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
      assert.equal((await fetch(`${s.url}/assets/app.js`, { headers: auth })).status, 200);
      assert.equal((await fetch(`${s.url}/assets/missing.js`, { headers: auth })).status, 404);
    } finally {
      await s.stop();
    }
  });
});
