/**
 * Issue 17's gateway items beyond the fault matrix: the request reaches the
 * pod as the client wrote it (an invalid stream_options stays invalid); the
 * gateway's own rejections never reach the SLIs; with every pod down the
 * model label is kept; a client that gave up after every latency threshold
 * counts as one slow request (gateway and store alike); failed attempts and
 * requests are logged, rate-limited, without request content.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyRollup } from '../../src/engine/index.ts';
import { Gateway, type GatewayEvent, type RequestMeasurement } from '../../src/gateway/index.ts';
import { withUsageRequested } from '../../src/gateway/usage-request.ts';
import { addMeasurement, thresholdPlan } from '../../src/store/add-measurement.ts';
import { chatBody, raw } from '../sim/sim-harness.ts';
import { rig, sample } from './gateway-harness.ts';
import { MODEL as FAKE, misbehavingPod, post } from './misbehaving-pod.ts';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the gateway under faults', () => {
  it('passes an invalid stream_options through unchanged: the pod answers 400 as it would without the gateway', async () => {
    const r = await rig();
    try {
      for (const options of [5, 'yes', [true], { include_usage: 5 }]) {
        const res = await raw(`${r.gateway.url}/v1/chat/completions`, {
          body: chatBody(MODEL, { stream: true, stream_options: options }),
        });
        assert.equal(res.status, 400, JSON.stringify(options));
      }
      // A valid request still has its usage asked for and counted, and the client gets no usage chunk.
      const ok = await raw(`${r.gateway.url}/v1/chat/completions`, {
        body: chatBody(MODEL, { stream: true }),
      });
      assert.equal(ok.status, 200);
      assert.doesNotMatch(ok.body, /"usage"/);
      assert.ok((r.measured.at(-1)?.completionTokens ?? 0) > 0);
    } finally {
      await r.stop();
    }
  });

  it('asks for usage by inserting one key into the bytes the client sent, everything else as written', () => {
    const raw = '{"stream": true, "seed": 12345678901234567890, "messages": []}';
    const body = withUsageRequested(Buffer.from(raw), JSON.parse(raw) as Record<string, unknown>);
    assert.equal(
      body?.toString(),
      '{"stream_options":{"include_usage":true},"stream": true, "seed": 12345678901234567890, "messages": []}',
    );
    const asked = '{"stream": true, "stream_options": {"include_usage": true}}';
    assert.equal(
      withUsageRequested(Buffer.from(asked), JSON.parse(asked) as Record<string, unknown>),
      undefined,
    );
  });

  it("counts the gateway's own 400, 404 and 413 in vllm_gateway_rejections_total only", async () => {
    const r = await rig(1, {}, { bodyLimitBytes: 1000 });
    try {
      const url = `${r.gateway.url}/v1/chat/completions`;
      assert.equal((await raw(url, { body: '{"model": ' })).status, 400);
      assert.equal((await raw(url, { body: '[1]' })).status, 400);
      assert.equal((await raw(url, { body: chatBody(MODEL, { x: 'a'.repeat(2000) }) })).status, 413);
      assert.equal((await raw(`${r.gateway.url}/admin/faults`, { body: '{}' })).status, 404);
      const text = await r.gateway.metrics.text();
      const rejections = (reason: string) =>
        sample(text, `vllm_gateway_rejections_total{environment="production",reason="${reason}"}`);
      assert.equal(rejections('invalid_json'), 2);
      assert.equal(rejections('body_too_large'), 1);
      assert.equal(rejections('unknown_route'), 1);
      assert.doesNotMatch(text, /^vllm_requests_total\{.*\} [1-9]/m);
      assert.doesNotMatch(text, /^vllm_errors_total\{.*\} [1-9]/m);
      assert.equal(r.measured.length, 0);
    } finally {
      await r.stop();
    }
  });

  it('keeps the model label of a served model when every pod is down', async () => {
    const r = await rig();
    try {
      for (const p of r.pods) await p.stop();
      const res = await raw(`${r.gateway.url}/v1/chat/completions`, { body: chatBody(MODEL) });
      assert.ok(res.status >= 500);
      assert.equal(r.measured.at(-1)?.model, MODEL);
    } finally {
      await r.stop();
    }
  });

  it('a client that gave up after every latency threshold is one slow request, in the gateway and the store', async () => {
    const pod = await misbehavingPod(() => {});
    const measured: RequestMeasurement[] = [];
    const gw = new Gateway({
      environment: 'production',
      upstreams: [{ name: 'pod-0', url: pod.url }],
      latencyThresholds: [0.1, 0.2],
      probeIntervalMs: 60_000,
      sink: { record: (m) => measured.push(m) },
    });
    await gw.start();
    try {
      for (const waitMs of [400, 20]) {
        const ac = new AbortController();
        const sent = fetch(`${gw.url}/v1/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: FAKE, messages: [] }),
          signal: ac.signal,
        }).catch(() => undefined);
        await wait(waitMs);
        ac.abort();
        await sent;
        await wait(50);
      }
      const L = `environment="production",model="${FAKE}",pod="pod-0"`;
      const text = await gw.metrics.text();
      assert.equal(sample(text, `vllm_client_cancellations_total{${L}}`), 2);
      assert.equal(sample(text, `vllm_requests_total{${L}}`), 0, 'no request for availability');
      assert.equal(sample(text, `vllm_request_duration_seconds_count{${L}}`), 1, 'only the long wait');
      assert.equal(sample(text, `vllm_request_duration_seconds_bucket{le="0.2",${L}}`), 0, 'and it is slow');
      assert.deepEqual(
        measured.map((m) => [m.cancelled, m.abandonedSlow === true]),
        [
          [true, true],
          [true, false],
        ],
      );
      // The store folds the same measurements the same way.
      const rollup = emptyRollup();
      for (const m of measured) addMeasurement(rollup, m, thresholdPlan({ duration: [0.1, 0.2] }));
      assert.equal(rollup.requests, 0);
      assert.equal(rollup.cancellations, 2);
      assert.equal(rollup.duration.count, 1);
      assert.equal(rollup.above.get('duration:0.2')?.above, 1);
    } finally {
      await gw.stop(500);
      await pod.stop();
    }
  });

  it('logs failed attempts and requests, at most 10 a second per reason, then says how many it held back', async () => {
    const pod = await misbehavingPod((s) => s.resetAndDestroy());
    const lines: GatewayEvent[] = [];
    const clock = { ms: 1_000_000 };
    const gw = new Gateway({
      environment: 'production',
      upstreams: [{ name: 'pod-0', url: pod.url }],
      probeIntervalMs: 60_000,
      outlier: { consecutive5xx: 0 },
      now: () => clock.ms,
      log: (e) => lines.push(e),
    });
    await gw.start();
    try {
      for (let i = 0; i < 15; i++) assert.equal((await post(gw.url, { secret: 'PROMPT-TEXT' })).status, 502);
      const failed = lines.filter((l) => l.event === 'upstream_failed');
      assert.equal(failed.length, 10);
      assert.deepEqual(
        { ...failed[0], request_id: '' },
        {
          event: 'upstream_failed',
          environment: 'production',
          pod: 'pod-0',
          reason: 'reset',
          retried: false,
          phase: 'waiting',
          request_id: '',
          detail: 'ECONNRESET',
        },
      );
      assert.equal(lines.filter((l) => l.event === 'request_failed').length, 10);
      clock.ms += 1000;
      await post(gw.url, {});
      const next = lines.filter((l) => l.event === 'upstream_failed').at(-1);
      assert.equal((next as { suppressed?: number }).suppressed, 5);
      assert.doesNotMatch(JSON.stringify(lines), /PROMPT-TEXT|messages/);
    } finally {
      await gw.stop(500);
      await pod.stop();
    }
  });
});
