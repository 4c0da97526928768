/**
 * What the request path asks the pool on every request, cached: the known
 * models (following a pod that comes back serving another model) and the
 * route of the chosen pod.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { PodPool } from '../../src/gateway/pod-pool.ts';
import { until } from './gateway-harness.ts';

describe('pod pool models', () => {
  it('hands out one set until a probe reads other models', async () => {
    let model = 'org/first';
    let up = true;
    const server = createServer((req, res) => {
      if (req.url === '/health') {
        res.writeHead(up ? 200 : 503);
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pool = new PodPool({ pods: [{ name: 'p0', url }], probeIntervalMs: 20, probeTimeoutMs: 1000 });
    try {
      await pool.start();
      const first = pool.knownModels();
      assert.deepEqual([...first], ['org/first']);
      assert.equal(pool.knownModels(), first, 'the same set while nothing changed');
      assert.deepEqual(pool.pickRoute(), { name: 'p0', url });
      assert.equal(pool.pickRoute(), pool.pickRoute(), 'one route object per pod');
      assert.equal(pool.pickRoute(new Set(['p0'])), undefined);
      // The pod restarts with another model: ejected, then re-admitted, which re-reads its models.
      up = false;
      await until(() => pool.pods()[0]?.healthy === false, 'ejection');
      model = 'org/second';
      up = true;
      await until(() => pool.pods()[0]?.healthy === true, 're-admission');
      assert.deepEqual([...pool.knownModels()], ['org/second']);
      assert.deepEqual([...first], ['org/first'], 'a set handed out earlier is not changed under its holder');
    } finally {
      await pool.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
