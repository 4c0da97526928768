/**
 * The server's own routes over the embedded store (issue 11, "Tests where
 * they are thin"): which paths are routes and which a 404, the `?env=`
 * filter, HEAD, the headers of every kind of answer, methods other than GET,
 * and the token on every route. The documents' numbers are api.test.ts's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  API_PREFIX,
  type API_ROUTES,
  type ApiError,
  apiPaths,
  type StatusDocument,
} from '../../src/api/index.ts';
import { type RunningServer, startServer, type UiAssets } from '../../src/server/index.ts';
import { EmbeddedSource, evaluate } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { HOUR, measurement, T0 } from '../store/store-helpers.ts';

const spec = defaultSpec();
const NOW = T0 + HOUR;
const TOKEN = 'api-routes-token-0123456789';
const assets = async (): Promise<UiAssets> =>
  new Map([
    ['/', { body: Buffer.from('<html>ui</html>'), contentType: 'text/html; charset=utf-8' }],
    ['/assets/app.js', { body: Buffer.from('1'), contentType: 'text/javascript; charset=utf-8' }],
  ]);

/** One path per route, as the UI builds them. */
const ROUTE_PATHS: Record<(typeof API_ROUTES)[number], string> = {
  config: apiPaths.config(),
  status: apiPaths.status(),
  objectives: apiPaths.objective('production', 'availability', '1h'),
  pods: apiPaths.pods(),
  alerts: apiPaths.alerts(),
};

let store: SloStore;
let server: RunningServer;

before(async () => {
  store = SloStore.open(':memory:', { now: () => NOW });
  for (let at = T0; at < NOW; at += 30_000) {
    store.record(measurement(at, 500, { environment: 'production' }));
    store.record(measurement(at, 500, { environment: 'staging' }));
  }
  store.flush();
  server = await startServer({ spec, source: new EmbeddedSource(store), now: () => NOW, assets });
});
after(async () => {
  await server.stop();
  store.close();
});

function errorCode(body: string): string {
  return (JSON.parse(body) as ApiError).error.code;
}

describe('the routes of the v1 API', () => {
  it('answers every route with 200 JSON, not cached', async () => {
    for (const [route, path] of Object.entries(ROUTE_PATHS)) {
      const r = await rawRequest(server.url, 'GET', path);
      assert.equal(r.status, 200, route);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8', route);
      assert.equal(r.headers['cache-control'], 'no-store', route);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', route);
      assert.equal(typeof JSON.parse(r.body), 'object', route);
    }
  });

  it('is a 404 not_found for a path that is no route: the prefix alone, a route with extra segments', async () => {
    for (const path of [
      API_PREFIX,
      `${API_PREFIX}/`,
      `${API_PREFIX}/config/extra`,
      `${API_PREFIX}/status/production`,
      `${API_PREFIX}/pods/vllm-production-0`,
      `${API_PREFIX}/alerts/firing`,
      `${API_PREFIX}/objectives/production/availability/extra?range=1h`,
      `${API_PREFIX}/CONFIG`,
    ]) {
      const r = await rawRequest(server.url, 'GET', path);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8', path);
      assert.equal(errorCode(r.body), 'not_found', `${path}: ${r.body}`);
    }
  });

  it('names what is missing under objectives: the environment, else the objective', async () => {
    for (const [path, code] of [
      [`${API_PREFIX}/objectives`, 'unknown_environment'],
      [`${API_PREFIX}/objectives/nowhere`, 'unknown_environment'],
      [`${API_PREFIX}/objectives/nowhere/availability?range=2w`, 'unknown_environment'],
      [`${API_PREFIX}/objectives/production`, 'unknown_objective'],
      [`${API_PREFIX}/objectives/production/`, 'unknown_objective'],
      [`${API_PREFIX}/objectives/staging/throughput`, 'unknown_objective'],
    ] as const) {
      const r = await rawRequest(server.url, 'GET', path);
      assert.equal(r.status, 404, path);
      assert.equal(errorCode(r.body), code, `${path}: ${r.body}`);
      if (code === 'unknown_objective') assert.match(r.body, /in environment/, path);
    }
  });

  it('defaults an objective to 1d and refuses a range that is not one of the picker', async () => {
    const r = await rawRequest(server.url, 'GET', `${API_PREFIX}/objectives/production/availability`);
    assert.equal(r.status, 200);
    assert.equal((JSON.parse(r.body) as { range: string }).range, '1d');
    for (const range of ['2w', '1H', '%20', '1h,6h']) {
      const bad = await rawRequest(
        server.url,
        'GET',
        `${API_PREFIX}/objectives/production/availability?range=${range}`,
      );
      assert.equal(bad.status, 400, range);
      assert.equal(errorCode(bad.body), 'bad_range', range);
      assert.match(bad.body, /1h, 6h, 1d, 7d, 30d/, range);
    }
  });

  it('filters status by ?env=, and refuses an environment the spec does not name', async () => {
    const all = await evaluate(spec, new EmbeddedSource(store), NOW);
    for (const env of spec.environments.map((e) => e.name)) {
      const r = await rawRequest(server.url, 'GET', apiPaths.status(env));
      assert.equal(r.status, 200, env);
      const doc = JSON.parse(r.body) as StatusDocument;
      assert.deepEqual(
        doc.environments,
        all.environments.filter((e) => e.environment === env),
        env,
      );
    }
    for (const env of ['', 'nowhere', 'Production']) {
      const r = await rawRequest(server.url, 'GET', apiPaths.status(env));
      assert.equal(r.status, 404, env);
      assert.equal(errorCode(r.body), 'unknown_environment', env);
    }
  });

  it('answers HEAD as GET without a body', async () => {
    for (const path of [...Object.values(ROUTE_PATHS), '/', '/assets/app.js']) {
      const get = await rawRequest(server.url, 'GET', path);
      const head = await rawRequest(server.url, 'HEAD', path);
      assert.equal(head.status, get.status, path);
      assert.equal(head.headers['content-type'], get.headers['content-type'], path);
      assert.equal(head.body, '', path);
    }
    const missing = await rawRequest(server.url, 'HEAD', `${API_PREFIX}/nope`);
    assert.equal(missing.status, 404);
  });

  it('refuses every other method with 405 and Allow, before routing', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const path of [apiPaths.status(), `${API_PREFIX}/nope`, '/']) {
        const r = await rawRequest(server.url, method, path, { 'content-type': 'application/json' }, '{}');
        assert.equal(r.status, 405, `${method} ${path}`);
        assert.equal(r.headers.allow, 'GET, HEAD', `${method} ${path}`);
        assert.equal(errorCode(r.body), 'method_not_allowed', `${method} ${path}`);
      }
    }
  });

  it('serves no file outside the UI assets, however the dots are written', async () => {
    for (const target of [
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/app.js/../../../etc/passwd',
      '/assets/app.js%00.html',
    ]) {
      const r = await rawRequest(server.url, 'GET', target);
      assert.ok(r.status === 404 || r.status === 400, `${target}: ${r.status}`);
      assert.doesNotMatch(r.body, /"name": "vllm-slo"|root:/, target);
    }
  });

  it('caches assets for five minutes and pages not at all', async () => {
    const js = await rawRequest(server.url, 'GET', '/assets/app.js');
    assert.equal(js.headers['cache-control'], 'max-age=300');
    const page = await rawRequest(server.url, 'GET', '/');
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.headers['content-security-policy'] ?? '', /default-src 'self'/);
  });
});

describe('the token on every route', () => {
  it('is a 401 unauthorized ApiError without or with a wrong token, 200 with it', async () => {
    const s = await startServer({ spec, source: new EmbeddedSource(store), now: () => NOW, token: TOKEN });
    try {
      for (const [route, path] of [...Object.entries(ROUTE_PATHS), ['unknown', `${API_PREFIX}/nope`]]) {
        const tries: Record<string, string>[] = [
          {},
          { Authorization: `Bearer ${TOKEN}x` },
          { Authorization: TOKEN },
        ];
        for (const headers of tries) {
          const r = await rawRequest(s.url, 'GET', path ?? '', headers);
          assert.equal(r.status, 401, `${route} ${JSON.stringify(headers)}`);
          assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
          assert.equal(errorCode(r.body), 'unauthorized');
          assert.doesNotMatch(r.body, new RegExp(TOKEN));
        }
        const ok = await rawRequest(s.url, 'GET', path ?? '', { Authorization: `Bearer ${TOKEN}` });
        assert.equal(ok.status, route === 'unknown' ? 404 : 200, route);
      }
      // A method is checked after the token: an unauthenticated POST learns nothing.
      const post = await rawRequest(s.url, 'POST', apiPaths.status(), {}, '{}');
      assert.equal(post.status, 401);
    } finally {
      await s.stop();
    }
  });
});
