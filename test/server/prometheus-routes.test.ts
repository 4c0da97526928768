/**
 * The server's routes over the Prometheus source, at unit level: serve as
 * `serve --source prometheus` wires it (startMonitor, pods from
 * vllm_pod_up, alerts from Prometheus's own list) in front of a fake
 * Prometheus that knows two pods and one pending alert and has no traffic.
 * The numbers against a real Prometheus are prometheus-api.test.ts's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  AlertsDocument,
  ApiConfig,
  ApiError,
  ObjectiveDetail,
  PodsDocument,
  StatusDocument,
} from '../../src/api/index.ts';
import { apiPaths } from '../../src/api/index.ts';
import { type RunningMonitor, sourcePods, startMonitor } from '../../src/server/index.ts';
import { PrometheusClient, PrometheusSource } from '../../src/sources/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { T0 } from '../store/store-helpers.ts';
import { FAKE_ALERT, FAKE_PODS, type FakePrometheus, startFakePrometheus } from './fake-prometheus.ts';

const spec = defaultSpec();
const NOW = T0 + 3_600_000;

let prom: FakePrometheus;
let monitor: RunningMonitor;

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${monitor.server.url}${path}`);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', path);
  return { status: r.status, body: (await r.json()) as T };
}

before(async () => {
  prom = await startFakePrometheus();
  const source = new PrometheusSource(spec, new PrometheusClient({ url: prom.url }));
  monitor = await startMonitor({ spec, source, now: () => NOW, pods: () => sourcePods(spec, source, NOW) });
});
after(async () => {
  await monitor.stop();
  await prom.stop();
});

describe('the v1 API over the Prometheus source', () => {
  it('says its source is prometheus in config', async () => {
    const r = await get<ApiConfig>(apiPaths.config());
    assert.equal(r.status, 200);
    assert.equal(r.body.source, 'prometheus');
    assert.deepEqual(
      r.body.environments.map((e) => e.name),
      spec.environments.map((e) => e.name),
    );
  });

  it('filters status by ?env=; without traffic every objective is no data, none breached', async () => {
    const all = await get<StatusDocument>(apiPaths.status());
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.environments.map((e) => e.environment),
      spec.environments.map((e) => e.name),
    );
    const states = new Set(all.body.environments.flatMap((e) => e.objectives.map((o) => o.state)));
    assert.ok(!states.has('breached') && !states.has('ok'), [...states].join());
    const one = await get<StatusDocument>(apiPaths.status('staging'));
    assert.deepEqual(
      one.body.environments,
      all.body.environments.filter((e) => e.environment === 'staging'),
    );
    const none = await get<ApiError>(apiPaths.status('nowhere'));
    assert.equal(none.status, 404);
    assert.equal(none.body.error.code, 'unknown_environment');
  });

  it("answers an objective's detail with empty series (null, not 0) and the ranges' steps", async () => {
    for (const [range, step] of [
      ['1h', 60],
      ['30d', 6 * 3600],
    ] as const) {
      const r = await get<ObjectiveDetail>(apiPaths.objective('production', 'latency-p95', range));
      assert.equal(r.status, 200, range);
      assert.equal(r.body.step_seconds, step);
      assert.equal(r.body.threshold_seconds, 3);
      assert.ok(r.body.t.length > 0);
      assert.ok(
        r.body.sli.every((v) => v === null),
        `${range}: ${r.body.sli.join()}`,
      );
      assert.ok(r.body.latency.p95.every((v) => v === null));
      assert.deepEqual(r.body.throughput_by_pod, {});
    }
  });

  it('lists the pods Prometheus sees up or down, with what only the gateway knows as null', async () => {
    const r = await get<PodsDocument>(apiPaths.pods());
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.pods.map((p) => [p.pod, p.healthy, p.state, p.in_flight, p.panic]),
      [
        [FAKE_PODS[0], true, 'healthy', null, null],
        [FAKE_PODS[1], false, 'unhealthy', null, null],
      ],
    );
  });

  it("shows Prometheus's own alerts, with no resolved history", async () => {
    const r = await get<AlertsDocument>(apiPaths.alerts());
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.firing, []);
    assert.deepEqual(r.body.resolved, []);
    assert.deepEqual(
      r.body.pending.map((a) => [a.alertname, a.environment, a.severity, a.summary, a.active_since]),
      [
        [
          FAKE_ALERT.labels.alertname,
          'production',
          'page',
          FAKE_ALERT.annotations.summary,
          '2026-03-02T00:58:00.000Z',
        ],
      ],
    );
  });

  it('refuses bad requests before asking Prometheus anything', async () => {
    const asked = prom.queries.length;
    for (const [path, status, code] of [
      ['/api/v1/objectives/nowhere/availability?range=1h', 404, 'unknown_environment'],
      ['/api/v1/objectives/production/availability?range=2w', 400, 'bad_range'],
      ['/api/v1/status?env=nowhere', 404, 'unknown_environment'],
      ['/api/v1/nope', 404, 'not_found'],
      ['/api/v1/pods/x', 404, 'not_found'],
    ] as const) {
      const r = await get<ApiError>(path);
      assert.equal(r.status, status, path);
      assert.equal(r.body.error.code, code, path);
    }
    assert.equal(prom.queries.length, asked, prom.queries.slice(asked).join('\n'));
  });
});
