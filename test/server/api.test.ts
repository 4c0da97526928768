/**
 * The v1 API over an in-memory store with known traffic: the status route
 * is `status --json`'s document; detail series equal counts made here from
 * the traffic itself; errors are JSON with the right status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObjectiveDetail } from '../../src/api/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { startServer } from '../../src/server/index.ts';
import { EmbeddedSource, evaluate } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { HOUR, MIN, measurement, T0 } from '../store/store-helpers.ts';

const spec = await defaultSpec();
// Now is 3 h 30 s after T0, inside a minute, as a live clock would be.
const NOW = T0 + 3 * HOUR + 30_000;
const START = T0;

/** One request every 10 s on two pods; every 50th fails; every 7th takes 4 s (over P95 < 3 s). */
function traffic(): { at: number; pod: string; error: boolean; slow: boolean }[] {
  const out = [];
  let n = 0;
  for (let at = START + 5_000; at < NOW; at += 10_000, n++)
    out.push({ at, pod: n % 2 === 0 ? 'pod-a' : 'pod-b', error: n % 50 === 0, slow: n % 7 === 0 });
  return out;
}

let store: SloStore;
let server: RunningServer;

async function get(path: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const r = await fetch(`${server.url}${path}`);
  return { status: r.status, body: await r.json(), headers: r.headers };
}

before(async () => {
  store = SloStore.open(':memory:', { now: () => NOW });
  for (const t of traffic())
    store.record(
      measurement(t.at, t.slow ? 4000 : 800, {
        pod: t.pod,
        ...(t.error ? { status: 500, errorClass: 'server', errorType: 'internal' } : {}),
      }),
    );
  store.flush();
  server = await startServer({ spec, source: new EmbeddedSource(store), now: () => NOW });
});
after(async () => {
  await server.stop();
  store.close();
});

describe('the v1 API', () => {
  it('serves status as status --json does', async () => {
    const r = await get('/api/v1/status');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, await evaluate(spec, new EmbeddedSource(store), NOW));
    const one = await get('/api/v1/status?env=production');
    assert.deepEqual(
      (one.body as { environments: { environment: string }[] }).environments.map((e) => e.environment),
      ['production'],
    );
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  it('describes the spec without secrets in config', async () => {
    const r = await get('/api/v1/config');
    const body = r.body as { environments: { name: string; objectives: unknown[] }[] };
    assert.deepEqual(
      body.environments.map((e) => e.name),
      spec.environments.map((e) => e.name),
    );
    assert.doesNotMatch(JSON.stringify(body), /password|secret|routing_key|api_url/i);
  });

  it('gives per-minute SLI, rates and burndown equal to the traffic over 1h', async () => {
    const r = await get('/api/v1/objectives/production/availability?range=1h');
    assert.equal(r.status, 200);
    const d = r.body as ObjectiveDetail;
    assert.equal(d.step_seconds, 60);
    assert.equal(d.t.length, 60);
    assert.equal(d.to, Math.ceil((NOW + 1) / MIN) * 60);
    const all = traffic();
    d.t.forEach((t, s) => {
      const inStep = all.filter((x) => x.at >= t * 1000 && x.at < t * 1000 + MIN);
      const secs = Math.min(60, (NOW - t * 1000) / 1000);
      assert.equal(d.requests_per_second[s], inStep.length / secs, `requests at ${s}`);
      assert.equal(d.errors_per_second[s], inStep.filter((x) => x.error).length / secs, `errors at ${s}`);
      const bad = inStep.filter((x) => x.error).length;
      assert.equal(d.sli[s], inStep.length ? 1 - bad / inStep.length : null, `sli at ${s}`);
      // The whole history is inside the 30-day period: budget left = 1 - bad ratio so far / 0.1 %.
      const sofar = all.filter((x) => x.at < t * 1000 + MIN);
      const ratio = sofar.filter((x) => x.error).length / sofar.length;
      assert.ok(
        Math.abs((d.budget_remaining[s] ?? Number.NaN) - (1 - ratio / 0.001)) < 1e-9,
        `budget at ${s}`,
      );
    });
    assert.ok(
      Math.abs((d.budget_remaining.at(-1) ?? 0) - (d.status.error_budget?.remaining_ratio ?? 1)) < 1e-9,
      'the last burndown point is the status',
    );
    assert.deepEqual(
      d.burn_pairs.map((p) => [p.long, p.short, p.factor]),
      [
        ['1h', '5m', 14.4],
        ['6h', '30m', 6],
        ['1d', '2h', 3],
        ['3d', '6h', 1],
      ],
    );
  });

  it('gives latency quantiles, the threshold and throughput per pod', async () => {
    const d = (await get('/api/v1/objectives/production/latency-p95?range=6h')).body as ObjectiveDetail;
    assert.equal(d.step_seconds, 300);
    assert.equal(d.threshold_seconds, 3);
    const s = d.t.findIndex((t) => t * 1000 === T0 + HOUR);
    assert.ok(s >= 0);
    // 30 requests in 5 minutes, 4 or 5 of them slow: P50 is the 0.8 s, P99 the 4 s (within 0.5 %).
    assert.ok(Math.abs((d.latency.p50[s] ?? 0) - 0.8) / 0.8 < 0.005);
    assert.ok(Math.abs((d.latency.p99[s] ?? 0) - 4) / 4 < 0.005);
    assert.deepEqual(Object.keys(d.throughput_by_pod).sort(), ['pod-a', 'pod-b']);
    assert.equal(d.throughput_by_pod['pod-a']?.[s], 15 / 300);
    const before = d.t.findIndex((t) => t * 1000 < START);
    assert.equal(d.latency.p95[before], null, 'no traffic is null, not 0');
  });

  it("draws a throughput floor's SLI as the slowest pod in each step", async () => {
    const d = (await get('/api/v1/objectives/production/throughput?range=1h')).body as ObjectiveDetail;
    const a = d.throughput_by_pod['pod-a'] ?? [];
    const b = d.throughput_by_pod['pod-b'] ?? [];
    assert.equal(
      d.budget_remaining.every((v) => v === null),
      true,
      'a floor has no budget',
    );
    d.t.forEach((_, s) => {
      const rates = [a[s], b[s]].filter((v): v is number => typeof v === 'number' && v > 0);
      assert.equal(d.sli[s], rates.length ? Math.min(...rates) : null, `step ${s}`);
    });
    assert.ok(d.sli.some((v) => v !== null));
  });

  it("gives each burn pair's windows a burn-rate series ending at the status's burn rate", async () => {
    const windows = ['1h', '5m', '6h', '30m', '1d', '2h', '3d'];
    for (const range of ['1h', '1d']) {
      const d = (await get(`/api/v1/objectives/production/availability?range=${range}`))
        .body as ObjectiveDetail;
      assert.deepEqual(Object.keys(d.burn_rates), windows, range);
      for (const w of windows) {
        assert.equal(d.burn_rates[w]?.length, d.t.length, `${range} ${w}`);
        assert.equal(d.burn_rates[w]?.at(-1), d.status.burn_rates[w], `${range} ${w} now`);
      }
    }
    // A full step's 5-minute rate, counted here from the traffic: bad share over the 0.1 % budget.
    const d = (await get('/api/v1/objectives/production/availability?range=1h')).body as ObjectiveDetail;
    const all = traffic();
    d.t.slice(0, -1).forEach((t, s) => {
      const end = t * 1000 + MIN;
      const inWindow = all.filter((x) => x.at >= end - 5 * MIN && x.at < end);
      const rate = inWindow.filter((x) => x.error).length / inWindow.length / 0.001;
      assert.ok(Math.abs((d.burn_rates['5m']?.[s] ?? Number.NaN) - rate) < 1e-9, `5m burn at ${s}`);
    });
    const floor = (await get('/api/v1/objectives/production/throughput?range=1h')).body as ObjectiveDetail;
    assert.deepEqual(floor.burn_rates, {}, 'a floor has no budget to burn');
  });

  it('answers bad requests with JSON errors', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/objectives/nowhere/availability', 404, 'unknown_environment'],
      ['/api/v1/objectives/production/nothing', 404, 'unknown_objective'],
      ['/api/v1/objectives/production/availability?range=2w', 400, 'bad_range'],
      ['/api/v1/status?env=nowhere', 404, 'unknown_environment'],
      ['/api/v1/nope', 404, 'not_found'],
      ['/api/v2/status', 404, 'not_found'],
      ['/index.html', 404, 'no_ui'],
    ];
    for (const [path, status, code] of cases) {
      const r = await get(path);
      assert.equal(r.status, status, path);
      assert.equal((r.body as { error: { code: string } }).error.code, code, path);
    }
    const post = await fetch(`${server.url}/api/v1/status`, { method: 'POST', body: '{}' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });
});

describe('the burndown over stored hours', () => {
  it('ends at the status budget when most of the period is hour rows (1h and 7d ranges)', async () => {
    // Staging's 7-day availability over 5 days of traffic, 4 of them kept only as hour rows.
    const now = T0 + 5 * 24 * HOUR + 30_000;
    const s = SloStore.open(':memory:', { keepMinutesDays: 1, autoCompact: false, now: () => now });
    let n = 0;
    for (let at = T0 + 1000; at < now; at += 60_000, n++)
      s.record(
        measurement(at, 300, {
          environment: 'staging',
          ...(n % 200 === 0 ? { status: 500, errorClass: 'server', errorType: 'internal' } : {}),
        }),
      );
    s.compact();
    const srv = await startServer({ spec, source: new EmbeddedSource(s), now: () => now });
    try {
      for (const range of ['1h', '7d']) {
        const r = await fetch(`${srv.url}/api/v1/objectives/staging/availability?range=${range}`);
        const d = (await r.json()) as ObjectiveDetail;
        const status = d.status.error_budget?.remaining_ratio ?? Number.NaN;
        // 37 errors in 7,201 requests against a 1 % budget: about half of it left.
        assert.ok(Math.abs(status - (1 - 37 / 7201 / 0.01)) < 1e-9, `status ${status}`);
        assert.ok(
          Math.abs((d.budget_remaining.at(-1) ?? 0) - status) < 0.01,
          `${range}: ${d.budget_remaining.at(-1)}`,
        );
      }
    } finally {
      await srv.stop();
      s.close();
    }
  });
});
