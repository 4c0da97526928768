/**
 * The collector's loop and its failure modes: the interval and stop(), a
 * throwing sink, an invalid URL, a hanging target, and an empty response
 * that must not wipe the counter state.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Collector, type ScrapeReport } from '../../src/collect/index.ts';
import { GatewayMetrics } from '../../src/gateway/gateway-metrics.ts';
import { closeServer, RecordingSink, serveGateway, serveText } from './collector-harness.ts';

describe('Collector loop and failures', () => {
  it('runs on its interval until stop(), and reports a throwing sink without throwing', async () => {
    const server = await serveGateway(() => {
      const m = new GatewayMetrics({ environment: 'dev', latencyThresholds: [], ttftThresholds: [] });
      m.setPodUp('p', true);
      return m;
    });
    const port = (server.address() as AddressInfo).port;
    const rounds: ScrapeReport[][] = [];
    let third: () => void = () => {};
    const thirdRound = new Promise<void>((resolve) => {
      third = resolve;
    });
    const collector = new Collector({
      targets: [
        {
          url: `http://collector:s3cret@127.0.0.1:${port}/metrics`,
          environment: 'dev',
          pod: 'gw',
          kind: 'gateway',
        },
        { url: 'not a url', environment: 'dev', pod: 'x', kind: 'vllm' },
      ],
      sink: {
        add() {},
        recordPodHealth() {
          throw new Error('disk full');
        },
      },
      intervalMs: 5,
      timeoutMs: 10_000,
      onReport: (r) => {
        rounds.push(r);
        if (rounds.length === 3) third();
      },
    });
    try {
      collector.start();
      await thirdRound;
      await collector.stop();
      const count = rounds.length;
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(rounds.length, count, 'no round after stop()');
      const [gw, bad] = rounds[0] ?? [];
      assert.deepEqual([gw?.ok, gw?.sinkError], [true, 'disk full']);
      assert.deepEqual([bad?.ok, bad?.error, bad?.url], [false, 'invalid URL', '(invalid URL)']);
    } finally {
      await collector.stop();
      await closeServer(server);
    }
  });

  it('times out a hanging target', async () => {
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as AddressInfo).port;
    const sink = new RecordingSink();
    const collector = new Collector({
      targets: [{ url: `http://127.0.0.1:${port}/metrics`, environment: 'dev', pod: 'v', kind: 'vllm' }],
      sink,
      timeoutMs: 50,
      now: () => 7,
    });
    try {
      const [r] = await collector.scrapeOnce();
      assert.deepEqual([r?.ok, r?.error], [false, 'timed out after 50 ms']);
      assert.deepEqual(sink.take().health, ['dev/v@7 down 15s']);
    } finally {
      await collector.stop();
      await closeServer(hanging);
    }
  });

  it('keeps the counter state through an empty response', async () => {
    let body = '';
    const server = await serveText(() => body);
    const port = (server.address() as AddressInfo).port;
    const sink = new RecordingSink();
    const collector = new Collector({
      targets: [{ url: `http://127.0.0.1:${port}/metrics`, environment: 'dev', pod: 'gw', kind: 'gateway' }],
      sink,
    });
    const requests = (n: number) =>
      `# TYPE vllm_requests_total counter\nvllm_requests_total{environment="dev",model="m",pod="p"} ${n}\n`;
    try {
      body = requests(5);
      await collector.scrapeOnce();
      body = '<html>oops</html>\n';
      const [empty] = await collector.scrapeOnce();
      assert.deepEqual(
        [empty?.ok, empty?.error, empty?.problems.length],
        [false, 'no samples in the response', 1],
      );
      body = requests(7);
      await collector.scrapeOnce();
      assert.deepEqual(
        sink.take().adds.map((a) => a.rollup.requests),
        [2],
      );
    } finally {
      await collector.stop();
      await closeServer(server);
    }
  });
});
