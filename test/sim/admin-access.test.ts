/**
 * The simulator's /admin/faults against a web page the operator opens
 * (issue 17, section 2): a foreign Host name (DNS rebinding) is refused as
 * serve refuses it, and a POST must be application/json, which a page cannot
 * send cross-origin without a preflight (text/plain, a "simple" request, could).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rawRequest } from '../helpers/raw-http.ts';
import { fastPod } from './sim-harness.ts';

const PATCH = JSON.stringify({ latencyMultiplier: 5 });

describe('simulator admin access', () => {
  it('refuses foreign Host names on loopback and bodies that are not JSON', async () => {
    const pod = await fastPod();
    try {
      const port = new URL(pod.url).port;
      for (const method of ['GET', 'POST', 'DELETE']) {
        const res = await rawRequest(
          pod.url,
          method,
          '/admin/faults',
          { Host: `rebind.evil.example:${port}`, 'Content-Type': 'application/json' },
          method === 'POST' ? PATCH : '',
        );
        assert.equal(res.status, 403, method);
      }
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
      ]) {
        const res = await rawRequest(
          pod.url,
          'POST',
          '/admin/faults',
          type ? { 'Content-Type': type } : {},
          PATCH,
        );
        assert.equal(res.status, 415, type);
      }
      assert.equal(pod.faults.settings().latencyMultiplier, 1, 'no refused request changed a fault');
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
        const res = await rawRequest(
          pod.url,
          'POST',
          '/admin/faults',
          { Host: host, 'Content-Type': 'application/json; charset=utf-8' },
          PATCH,
        );
        assert.equal(res.status, 200, host);
      }
      assert.equal(pod.faults.settings().latencyMultiplier, 5);
    } finally {
      await pod.stop();
    }
  });
});
