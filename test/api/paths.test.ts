/** The API's paths: the UI's builders produce what the server's router takes, for every route. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { API_PREFIX, type ApiRoute, apiPaths, RANGES, routeOf } from '../../src/api/index.ts';

it('builds every route under the prefix, routed back to itself', () => {
  const built = {
    config: apiPaths.config(),
    status: apiPaths.status('prod uction'),
    objectives: apiPaths.objective('production', 'latency/p95', RANGES[0]),
    pods: apiPaths.pods(),
    alerts: apiPaths.alerts(),
  } satisfies Record<ApiRoute, string>;
  for (const [route, path] of Object.entries(built)) {
    const url = new URL(path, 'http://127.0.0.1');
    assert.ok(url.pathname.startsWith(`${API_PREFIX}/`), path);
    assert.equal(routeOf(url.pathname.slice(API_PREFIX.length).split('/')[1]), route, path);
  }
  assert.equal(built.status, '/api/v1/status?env=prod%20uction');
  assert.equal(built.objectives, `/api/v1/objectives/production/latency%2Fp95?range=${RANGES[0]}`);
  assert.equal(routeOf('nope'), undefined);
});
