/**
 * The gateway closes idle connections to a pod after 4 s even when the pod
 * advertises a longer keep-alive (Node and many servers send
 * `Keep-Alive: timeout=65`; undici would otherwise keep the connection for
 * the hint minus 2 s, up to 600 s), so a request is never written to a
 * connection the pod is about to close. The pod here keeps connections 65 s:
 * a close well before that was the gateway's.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, it } from 'node:test';
import { Gateway } from '../../src/gateway/index.ts';
import { FAKE_MODEL, post } from './fake-pod.ts';

describe('gateway keep-alive to pods', () => {
  it('closes an idle pod connection itself when the pod advertises a 65 s keep-alive', async () => {
    const completionSockets: Socket[] = [];
    const server = createServer((req, res) => {
      if (req.url === '/health') return void res.end();
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/models')
        return void res.end(JSON.stringify({ object: 'list', data: [{ id: FAKE_MODEL, object: 'model' }] }));
      completionSockets.push(req.socket);
      req.resume();
      req.on('end', () =>
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', model: FAKE_MODEL, choices: [] })),
      );
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const gateway = new Gateway({
      environment: 'production',
      upstreams: [{ name: 'fake-0', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }],
      probeIntervalMs: 60_000,
      sink: { record: () => {} },
    });
    await gateway.start();
    try {
      const r = await post(gateway.url, { model: FAKE_MODEL, messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(r.status, 200);
      const socket = completionSockets[0];
      assert.ok(socket, 'the pod saw no completion request');
      // Generous: the gateway closes after 4 s; the pod itself would only after 65 s.
      const closed = await new Promise<boolean>((resolve) => {
        if (socket.destroyed) return resolve(true);
        const timer = setTimeout(() => resolve(false), 30_000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      assert.ok(
        closed,
        'the idle pod connection was still open after 30 s: kept for the pod-advertised 65 s',
      );
    } finally {
      await gateway.stop(1000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
