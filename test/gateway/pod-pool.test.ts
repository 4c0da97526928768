/**
 * The gateway's pod pool against real simulated pods: probes, ejection and
 * re-admission, least-outstanding selection, model discovery, and the
 * --upstream parser. Waits poll for a condition with a generous deadline;
 * no assertion depends on how fast a probe is.
 */
import assert from 'node:assert/strict';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { PodPool, type PodPoolOptions, type PodStatus, parseUpstreams } from '../../src/gateway/pod-pool.ts';
import { profile, SimPod } from '../../src/sim/index.ts';

async function startPods(count: number): Promise<SimPod[]> {
  const pods = Array.from(
    { length: count },
    (_, i) => new SimPod({ name: `vllm-test-${i}`, profile: profile('bench'), port: 0 }),
  );
  await Promise.all(pods.map((p) => p.start()));
  return pods;
}

/** A pool over the pods that records every health change; probes every 50 ms unless told otherwise. */
function poolOf(pods: readonly SimPod[], opts: Partial<PodPoolOptions> = {}) {
  const changes: Array<{ name: string; healthy: boolean; failures: number }> = [];
  const pool = new PodPool({
    pods: pods.map((p) => ({ name: p.name, url: p.url })),
    probeIntervalMs: 50,
    probeTimeoutMs: 1000,
    onHealthChange: (s) =>
      changes.push({ name: s.name, healthy: s.healthy, failures: s.consecutiveFailures }),
    ...opts,
  });
  return { pool, changes };
}

async function waitFor(what: string, cond: () => boolean, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function status(pool: PodPool, name: string): PodStatus {
  const s = pool.pods().find((p) => p.name === name);
  assert.ok(s, `no pod ${name}`);
  return s;
}

/** Waits until `n` more probes of the pod have finished (the test clock counts up once per call). */
async function probesPass(pool: PodPool, name: string, n: number): Promise<void> {
  const from = status(pool, name).lastProbe?.at ?? 0;
  await waitFor(`${n} probes of ${name}`, () => (status(pool, name).lastProbe?.at ?? 0) >= from + n);
}

describe('pod pool', () => {
  let pods: SimPod[] = [];
  before(async () => {
    pods = await startPods(3);
  });
  after(async () => {
    await Promise.all(pods.map((p) => p.stop()));
  });
  const pod = (i: number): SimPod => {
    const p = pods[i];
    assert.ok(p);
    p.faults.reset();
    return p;
  };

  it('knows every pod healthy, with its models, as soon as start() resolves', async () => {
    const { pool, changes } = poolOf(pods);
    assert.equal(pool.pick(), undefined, 'nothing is healthy before the first probe');
    await pool.start();
    try {
      for (const s of pool.pods()) {
        assert.equal(s.healthy, true, s.name);
        assert.equal(s.lastProbe?.ok, true);
        assert.equal(s.consecutiveFailures, 0);
        assert.deepEqual(s.models, ['sim/bench']);
      }
      assert.deepEqual([...pool.knownModels()], ['sim/bench']);
      assert.deepEqual(changes.map((c) => [c.name, c.healthy]).sort(), [
        ['vllm-test-0', true],
        ['vllm-test-1', true],
        ['vllm-test-2', true],
      ]);
    } finally {
      await pool.stop();
    }
  });

  it('spreads equal load round-robin, prefers the least outstanding and honours exclude', async () => {
    const { pool } = poolOf(pods, { probeIntervalMs: 60_000 });
    await pool.start();
    try {
      const names = Array.from({ length: 6 }, () => pool.pick()?.name);
      assert.deepEqual(names.slice(0, 3).sort(), ['vllm-test-0', 'vllm-test-1', 'vllm-test-2']);
      assert.deepEqual(names.slice(3), names.slice(0, 3), 'equal pods take turns');

      pool.acquire('vllm-test-0');
      pool.acquire('vllm-test-0');
      pool.acquire('vllm-test-2');
      for (let i = 0; i < 3; i++) assert.equal(pool.pick()?.name, 'vllm-test-1');
      assert.equal(pool.pick(new Set(['vllm-test-1']))?.name, 'vllm-test-2');
      assert.equal(pool.pick(new Set(['vllm-test-0', 'vllm-test-1', 'vllm-test-2'])), undefined);

      pool.release('vllm-test-0');
      pool.release('vllm-test-0');
      pool.release('vllm-test-0');
      assert.equal(status(pool, 'vllm-test-0').outstanding, 0, 'never below 0');
      assert.equal(status(pool, 'vllm-test-2').outstanding, 1);
      pool.acquire('no-such-pod');
    } finally {
      await pool.stop();
    }
  });

  it('ejects an unhealthy pod after the threshold of failed probes and re-admits it when it recovers', async () => {
    const sick = pod(1);
    let clock = 0;
    const { pool, changes } = poolOf(pods, { unhealthyThreshold: 3, now: () => ++clock });
    await pool.start();
    try {
      sick.faults.apply({ unhealthy: true });
      await waitFor('ejection', () => !status(pool, sick.name).healthy);
      const down = changes.filter((c) => c.name === sick.name && !c.healthy);
      assert.deepEqual(down, [{ name: sick.name, healthy: false, failures: 3 }]);
      const ejected = status(pool, sick.name);
      assert.match(ejected.lastProbe?.error ?? '', /HTTP 503/);
      assert.match(ejected.ejectReason ?? '', /HTTP 503/);
      for (let i = 0; i < 6; i++) assert.notEqual(pool.pick()?.name, sick.name);
      assert.ok(pool.knownModels().has('sim/bench'), 'an ejected pod keeps its models');

      sick.faults.reset();
      await waitFor('re-admission', () => status(pool, sick.name).healthy);
      assert.equal(status(pool, sick.name).ejectReason, undefined);
      assert.deepEqual(
        changes.filter((c) => c.name === sick.name).map((c) => c.healthy),
        [true, false, true],
      );
      // Steady health fires nothing more.
      await probesPass(pool, sick.name, 3);
      assert.equal(changes.filter((c) => c.name === sick.name).length, 3);
      assert.equal(
        changes.filter((c) => c.name !== sick.name).length,
        2,
        'the healthy pods changed only once',
      );
    } finally {
      await pool.stop();
    }
  });

  it('ejects a pod that refuses connections and re-admits it when its port reopens', async () => {
    const dead = pod(2);
    const { pool } = poolOf(pods);
    await pool.start();
    try {
      dead.faults.apply({ outage: true });
      await waitFor('ejection', () => !status(pool, dead.name).healthy);
      assert.match(status(pool, dead.name).lastProbe?.error ?? '', /ECONNREFUSED/);
      dead.faults.reset();
      await waitFor('re-admission', () => status(pool, dead.name).healthy);
    } finally {
      await pool.stop();
    }
  });

  it('markFailed ejects at once; the probes bring the pod back', async () => {
    const { pool, changes } = poolOf(pods, { unhealthyThreshold: 5 });
    await pool.start();
    try {
      pool.markFailed('vllm-test-0', 'connect ECONNRESET');
      const s = status(pool, 'vllm-test-0');
      assert.equal(s.healthy, false);
      assert.match(s.ejectReason ?? '', /ECONNRESET/);
      assert.deepEqual(changes.at(-1), { name: 'vllm-test-0', healthy: false, failures: 0 });
      for (let i = 0; i < 6; i++) assert.notEqual(pool.pick()?.name, 'vllm-test-0');
      const count = changes.length;
      pool.markFailed('vllm-test-0', 'again');
      assert.equal(changes.length, count, 'no change event for a pod already out');
      await waitFor('re-admission', () => status(pool, 'vllm-test-0').healthy);
      assert.deepEqual(changes.at(-1), { name: 'vllm-test-0', healthy: true, failures: 0 });
    } finally {
      await pool.stop();
    }
  });

  it('fails a probe that gets no answer within the timeout; a stopped pool cannot restart', async () => {
    const silent: Socket[] = [];
    const server = createServer((sock) => silent.push(sock));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const changes: boolean[] = [];
    const mute = new PodPool({
      pods: [{ name: 'mute', url: `http://127.0.0.1:${port}` }],
      probeTimeoutMs: 100,
      onHealthChange: (s) => changes.push(s.healthy),
    });
    try {
      await mute.start();
      const s = status(mute, 'mute');
      assert.equal(s.healthy, false);
      assert.match(s.lastProbe?.error ?? '', /timeout/i);
      assert.deepEqual(changes, [false], 'the first probe reports down pods too');
      // Panic mode: with no pod in rotation every pod gets traffic, rather than none (Envoy's panic threshold).
      assert.equal(mute.pick()?.name, 'mute');
    } finally {
      await mute.stop();
      for (const sock of silent) sock.destroy();
      server.close();
    }
    await assert.rejects(mute.start(), /stopped/);
  });

  it('reports the models of pods serving different ones', async () => {
    const other = new SimPod({ name: 'vllm-test-x', profile: profile('bench'), model: 'org/other', port: 0 });
    await other.start();
    const { pool } = poolOf([pod(0), other]);
    try {
      await pool.start();
      assert.deepEqual([...pool.knownModels()].sort(), ['org/other', 'sim/bench']);
    } finally {
      await pool.stop();
      await other.stop();
    }
  });
});

describe('parseUpstreams', () => {
  it('takes bare URLs (named host:port) and name=URL', () => {
    assert.deepEqual(
      parseUpstreams([
        'http://127.0.0.1:8000',
        'vllm-production-0=http://10.0.0.7:8000/',
        'https://vllm.example.com/prefix/',
        'http://[::1]:9000',
      ]),
      [
        { name: '127.0.0.1:8000', url: 'http://127.0.0.1:8000' },
        { name: 'vllm-production-0', url: 'http://10.0.0.7:8000' },
        { name: 'vllm.example.com:443', url: 'https://vllm.example.com/prefix' },
        { name: '[::1]:9000', url: 'http://[::1]:9000' },
      ],
    );
  });

  const bad: Array<[string[], string, RegExp]> = [
    [[], 'no_upstreams', /at least one/],
    [['127.0.0.1:8000'], 'invalid_upstream_url', /expected http:\/\/host:port/],
    [['localhost:8000'], 'invalid_upstream_url', /not a URL/],
    [['not a url'], 'invalid_upstream_url', /not a URL/],
    [['pod=ftp://host:21'], 'unsupported_upstream_scheme', /ftp:/],
    [['http://user:secret@host:8000'], 'upstream_url_credentials', /credentials/],
    [['http://host:8000/?x=1'], 'upstream_url_query', /query/],
    [['bad name=http://host:8000'], 'invalid_pod_name', /"bad name"/],
    [['=http://host:8000'], 'invalid_pod_name', /""/],
    [['a=http://h:1', 'a=http://h:2'], 'duplicate_pod_name', /already used/],
    [['http://h:1', 'b=http://h:1/'], 'duplicate_upstream_url', /already listed/],
  ];
  for (const [values, code, message] of bad) {
    it(`rejects ${JSON.stringify(values)} with ${code}`, () => {
      assert.throws(
        () => parseUpstreams(values),
        (err: unknown) => {
          assert.ok(err instanceof Error && 'code' in err, String(err));
          assert.equal(err.code, code);
          assert.match(err.message, message);
          assert.doesNotMatch(`${err.message} ${(err as { value?: unknown }).value}`, /secret/);
          return true;
        },
      );
    });
  }
});
