/** The Prometheus HTTP API client against a real Prometheus, and its errors. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { PrometheusClient, SourceError } from '../../src/sources/index.ts';
import { startPrometheus } from '../helpers/prometheus.ts';

async function fakeServer(handler: Parameters<typeof createServer>[1]) {
  const s = createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () => new Promise((r) => s.close(r)),
  };
}

describe('PrometheusClient', () => {
  it('runs instant and range queries against a real Prometheus, and reports query errors', async () => {
    const prom = await startPrometheus([]);
    try {
      const client = new PrometheusClient({ url: prom.url });
      const now = Date.now();
      const v = await client.instant('vector(42)', now);
      assert.deepEqual(v, [{ metric: {}, value: 42 }]);
      assert.deepEqual(await client.instant('scalar(vector(7))', now), [{ metric: {}, value: 7 }]);
      const m = await client.range('vector(1)', now - 60_000, now, 15_000);
      assert.equal(m[0]?.values.length, 5);
      await assert.rejects(
        client.instant('sum(rate(x[5m]', now),
        (e: unknown) =>
          e instanceof SourceError &&
          e.code === 'query_failed' &&
          /bad_data/.test(e.message) &&
          e.detail === 'sum(rate(x[5m]',
      );
    } finally {
      await prom.stop();
    }
  });

  it('says when Prometheus cannot be reached, or does not answer in time', async () => {
    await assert.rejects(
      new PrometheusClient({ url: 'http://127.0.0.1:1' }).instant('up', Date.now()),
      (e: unknown) =>
        e instanceof SourceError &&
        e.code === 'unreachable' &&
        /cannot reach Prometheus at http:\/\/127\.0\.0\.1:1/.test(e.message),
    );
    const hang = await fakeServer(() => {});
    try {
      await assert.rejects(
        new PrometheusClient({ url: hang.url, timeoutMs: 200 }).instant('up', Date.now()),
        (e: unknown) => e instanceof SourceError && /no answer within 200 ms/.test(e.message),
      );
    } finally {
      await hang.close();
    }
  });

  it('sends a bearer token or basic auth, and reports refused credentials', async () => {
    const seen: string[] = [];
    const srv = await fakeServer((req, res) => {
      seen.push(String(req.headers.authorization));
      if (req.headers.authorization === 'Bearer wrong') {
        res.writeHead(401).end('unauthorized');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    });
    try {
      await new PrometheusClient({ url: srv.url, bearerToken: 'tok' }).instant('up', 0);
      await new PrometheusClient({ url: srv.url, basicAuth: { username: 'u', password: 'p' } }).instant(
        'up',
        0,
      );
      assert.deepEqual(seen, ['Bearer tok', `Basic ${Buffer.from('u:p').toString('base64')}`]);
      await assert.rejects(
        new PrometheusClient({ url: srv.url, bearerToken: 'wrong' }).instant('up', 0),
        (e: unknown) => e instanceof SourceError && e.code === 'unauthorized',
      );
    } finally {
      await srv.close();
    }
  });

  it('takes user:password from the URL as basic auth and never shows them in a message', async () => {
    const seen: string[] = [];
    const srv = await fakeServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.writeHead(500).end('boom');
    });
    try {
      const withSecret = srv.url.replace('http://', 'http://admin:s%3Acret@');
      const client = new PrometheusClient({ url: withSecret });
      assert.equal(client.url, srv.url);
      await assert.rejects(client.instant('up', 0), (e: unknown) => e instanceof SourceError);
      assert.deepEqual(seen, [`Basic ${Buffer.from('admin:s:cret').toString('base64')}`]);
      // Unreachable: the message names the host, not the password.
      const gone = new PrometheusClient({ url: 'http://admin:s3cret@127.0.0.1:1' });
      await assert.rejects(
        gone.instant('up', 0),
        (e: unknown) =>
          e instanceof SourceError &&
          /127\.0\.0\.1:1/.test(e.message) &&
          !e.message.includes('s3cret') &&
          !e.message.includes('admin'),
      );
    } finally {
      await srv.close();
    }
  });
});
