/**
 * Path traversal through the gateway (issue 17, section 2): every encoding of
 * a dot segment, slash or backslash is normalised before routing, the pod
 * receives the normalised path only, and what cannot be normalised is a 400.
 * The simulator's /admin/faults is never reached.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseRequestPath } from '../../src/gateway/request-path.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { fakeRig } from './fake-pod.ts';
import { rig } from './gateway-harness.ts';

/** Target -> the path the pod must receive (a string), or the 400 it is refused with (a problem code). */
const CASES: readonly [string, { forwarded: string } | { refused: string } | { notFound: true }][] = [
  ['/v1/../admin/faults', { notFound: true }],
  ['/v1/%2e%2e/admin/faults', { notFound: true }],
  ['/v1/%2E%2e/admin/faults', { notFound: true }],
  ['/v1/.%2E/admin/faults', { notFound: true }],
  ['/v1/..\\admin\\faults', { notFound: true }],
  ['/v1\\..\\admin\\faults', { notFound: true }],
  ['/v1/%2e%2e%5cadmin%5cfaults', { refused: 'encoded_separator' }],
  ['/v1/%2E%2e%2fadmin', { refused: 'encoded_separator' }],
  ['/v1/%2e%2e%2Fadmin/faults', { refused: 'encoded_separator' }],
  ['/v1/%252e%252e/admin/faults', { refused: 'double_encoding' }],
  ['/v1/%25%32%65%25%32%65/admin/faults', { refused: 'double_encoding' }],
  ['/v1/../../../../admin/faults', { notFound: true }],
  ['//v1/../admin/faults', { notFound: true }],
  ['/v1//..//admin/faults', { notFound: true }],
  ['/v1/x/../../admin/faults', { notFound: true }],
  ['/v1/%c0%ae%c0%ae/admin/faults', { refused: 'not_utf8' }],
  ['/v1/..%00/admin/faults', { refused: 'control_character' }],
  ['/v1/%00', { refused: 'control_character' }],
  ['/v1/%', { refused: 'bad_percent_encoding' }],
  ['/v1/%zz/models', { refused: 'bad_percent_encoding' }],
  ['/v1/%2', { refused: 'bad_percent_encoding' }],
  ['http://127.0.0.1/admin/faults', { refused: 'not_origin_form' }],
  ['/v1/./embeddings', { forwarded: '/v1/embeddings' }],
  ['//v1/embeddings', { forwarded: '/v1/embeddings' }],
  ['/v1/x/../embeddings', { forwarded: '/v1/embeddings' }],
  ['/v1/%2e/embeddings', { forwarded: '/v1/embeddings' }],
  ['/v1\\embeddings', { forwarded: '/v1/embeddings' }],
  ['/%76%31/embeddings', { forwarded: '/v1/embeddings' }],
  ['/v1/embeddings/.', { forwarded: '/v1/embeddings/' }],
  ['/v1/embeddings/..;/..;/admin', { forwarded: '/v1/embeddings/..;/..;/admin' }],
  [
    '/v1/embeddings?next=/../admin/faults&x=%2e%2e',
    { forwarded: '/v1/embeddings?next=/../admin/faults&x=%2e%2e' },
  ],
  ['/v1/caf%C3%A9', { forwarded: '/v1/caf%C3%A9' }],
  ['/v1/a%20b', { forwarded: '/v1/a%20b' }],
];

describe('request path normalisation', () => {
  it('removes dot segments (RFC 3986 5.2.4), merges slashes, reads backslashes as slashes', () => {
    for (const [target, want] of CASES) {
      const got = normaliseRequestPath(target);
      if ('refused' in want) assert.equal(got.ok ? 'accepted' : got.code, want.refused, target);
      else if ('forwarded' in want) assert.equal(got.ok ? got.target : got.code, want.forwarded, target);
      else assert.equal(got.ok ? got.path : got.code, '/admin/faults', target);
    }
    const r = normaliseRequestPath('/v1/../../x/./y/');
    assert.deepEqual(r.ok && r.path, '/x/y/');
  });

  it('forwards only the normalised path to the pod, and answers 400 or 404 to the rest', async () => {
    const received: string[] = [];
    const r = await fakeRig((req, res) => {
      received.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    try {
      for (const [target, want] of CASES) {
        received.length = 0;
        const res = await rawRequest(r.gateway.url, 'GET', target, { 'x-request-id': 'req-17' });
        if ('forwarded' in want) {
          assert.equal(res.status, 200, target);
          assert.deepEqual(received, [want.forwarded], target);
        } else {
          assert.equal(res.status, 'refused' in want ? 400 : 404, `${target}: ${res.body}`);
          assert.deepEqual(received, [], target);
          const body = JSON.parse(res.body) as { error: { message: string; type: string } };
          assert.equal(body.error.type, 'refused' in want ? 'invalid_request_error' : 'not_found_error');
          assert.match(body.error.message, /\(request req-17\)$/, target);
          assert.equal(res.headers['x-request-id'], 'req-17');
        }
      }
      // /v1/./models is the pod's model list (the fake pod answers exactly /v1/models).
      received.length = 0;
      const models = await rawRequest(r.gateway.url, 'GET', '/v1/./models');
      assert.match(models.body, /fake\/model/);
      assert.deepEqual(received, []);
    } finally {
      await r.stop();
    }
  });

  it("never reaches the simulator's /admin/faults or /metrics", async () => {
    const r = await rig(1, {}, { probeIntervalMs: 60_000 });
    try {
      const patch = JSON.stringify({ latencyMultiplier: 7 });
      for (const [target, want] of CASES) {
        if ('forwarded' in want) continue;
        for (const method of ['GET', 'POST', 'DELETE']) {
          const res = await rawRequest(
            r.gateway.url,
            method,
            target,
            { 'content-type': 'application/json' },
            method === 'POST' ? patch : '',
          );
          assert.ok(res.status === 400 || res.status === 404, `${method} ${target}: ${res.status}`);
          assert.doesNotMatch(res.body, /settings/, `${method} ${target}`);
        }
      }
      assert.equal(r.pods[0]?.faults.settings().latencyMultiplier, 1);
      // The gateway's own /metrics, never the pod's.
      const metrics = await rawRequest(r.gateway.url, 'GET', '/v1/%2e%2e/metrics');
      assert.doesNotMatch(metrics.body, /vllm:num_requests_running/);
    } finally {
      await r.stop();
    }
  });
});
