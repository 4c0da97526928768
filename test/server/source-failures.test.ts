/**
 * What serve answers when its source cannot (issue 11): a Prometheus that
 * fails its queries, refuses the credentials or is gone is the upstream's
 * failure, a 502 `source_error` ApiError saying which; any other throw is a
 * 500 `internal`. Never a stack trace, and a failure is not cached: the
 * next request asks again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../src/api/index.ts';
import { apiPaths } from '../../src/api/index.ts';
import { type RunningMonitor, sourcePods, startMonitor, startServer } from '../../src/server/index.ts';
import {
  EmbeddedSource,
  PrometheusClient,
  PrometheusSource,
  type SloSource,
} from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { T0 } from '../store/store-helpers.ts';
import { type FakePrometheus, startFakePrometheus } from './fake-prometheus.ts';

const spec = defaultSpec();
const NOW = T0 + 3_600_000;
/** The routes that read the source (config reads only the spec). */
const SOURCE_PATHS = [
  apiPaths.status(),
  apiPaths.status('production'),
  apiPaths.objective('production', 'availability', '1h'),
  apiPaths.pods(),
  apiPaths.alerts(),
];

let prom: FakePrometheus;
let monitor: RunningMonitor;
const logged: string[] = [];

async function get(base: string, path: string): Promise<{ status: number; text: string; type: string }> {
  const r = await fetch(`${base}${path}`);
  return { status: r.status, text: await r.text(), type: r.headers.get('content-type') ?? '' };
}

function assertApiError(
  r: { status: number; text: string; type: string },
  status: number,
  code: string,
  what: string,
) {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  assert.equal(r.type, 'application/json; charset=utf-8', what);
  const body = JSON.parse(r.text) as ApiError;
  assert.equal(body.error.code, code, what);
  assert.doesNotMatch(r.text, /\bat .*\.ts:\d+|node:internal/, `${what}: no stack trace`);
  return body.error.message;
}

before(async () => {
  prom = await startFakePrometheus();
  const source = new PrometheusSource(spec, new PrometheusClient({ url: prom.url }));
  monitor = await startMonitor({
    spec,
    source,
    now: () => NOW,
    pods: () => sourcePods(spec, source, NOW),
    onError: (what) => logged.push(what),
  });
});
after(async () => {
  await monitor.stop();
  await prom.stop();
});

describe('a Prometheus that cannot answer', () => {
  it('is a 502 source_error on every route that reads it, with its words; config still answers', async () => {
    for (const [mode, words] of [
      ['failing', /Prometheus query failed \(unavailable: the TSDB is not ready\)/],
      ['refusing', /refused the credentials \(HTTP 401\)/],
    ] as const) {
      prom.mode = mode;
      for (const path of SOURCE_PATHS) {
        const message = assertApiError(
          await get(monitor.server.url, path),
          502,
          'source_error',
          `${mode} ${path}`,
        );
        assert.match(message, words, `${mode} ${path}`);
      }
      assert.equal((await get(monitor.server.url, apiPaths.config())).status, 200, mode);
    }
    assert.ok(
      logged.some((w) => w.startsWith('request /api/v1/status')),
      'the server log is told',
    );
  });

  it('does not keep the failure: the same second answers once Prometheus does', async () => {
    prom.mode = 'failing';
    assert.equal((await get(monitor.server.url, apiPaths.status())).status, 502);
    prom.mode = 'ok';
    assert.equal((await get(monitor.server.url, apiPaths.status())).status, 200);
  });

  it('is a 502 saying it cannot be reached when it is gone', async () => {
    const gone = new PrometheusSource(spec, new PrometheusClient({ url: 'http://127.0.0.1:1' }));
    const s = await startServer({ spec, source: gone, now: () => NOW });
    try {
      const message = assertApiError(await get(s.url, apiPaths.status()), 502, 'source_error', 'gone');
      assert.match(message, /cannot reach Prometheus at http:\/\/127\.0\.0\.1:1/);
    } finally {
      await s.stop();
    }
  });
});

describe('a source that throws something else', () => {
  it('is a 500 internal ApiError with the message, no stack trace', async () => {
    const store = SloStore.open(':memory:', { now: () => NOW });
    const embedded = new EmbeddedSource(store);
    // Every method of the real source throws a plain Error, as a bug would.
    const broken = new Proxy(embedded, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        return typeof v === 'function'
          ? () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')"))
          : v;
      },
    }) as SloSource;
    const s = await startServer({ spec, source: broken, now: () => NOW });
    try {
      for (const path of SOURCE_PATHS.slice(0, 3)) {
        const message = assertApiError(await get(s.url, path), 500, 'internal', path);
        assert.match(message, /Cannot read properties/, path);
      }
    } finally {
      await s.stop();
      store.close();
    }
  });
});
