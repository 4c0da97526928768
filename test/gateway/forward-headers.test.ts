/**
 * Hop-by-hop headers never cross the gateway, in either direction (RFC 9110
 * section 7.6.1), and X-Forwarded-For carries the client's address, keeping
 * what came before only from a trusted proxy (issue 17, section 2).
 */
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { parseTrustedProxies, TrustedProxiesError } from '../../src/gateway/index.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { FAKE_MODEL, fakeRig } from './fake-pod.ts';

/** Hop-by-hop headers a client (or another proxy) might send; none may reach the pod. */
const CLIENT_HOP = {
  Connection: 'close, X-Hop-Custom',
  'X-Hop-Custom': 'secret-for-the-next-hop-only',
  'Keep-Alive': 'timeout=5',
  'Proxy-Connection': 'keep-alive',
  'Proxy-Authorization': 'Basic cHJveHk6cGFzcw==',
  TE: 'trailers',
  Trailer: 'X-Checksum',
  Upgrade: 'websocket',
};

/** And the pod's own, which the client must not see. */
function podHop(res: ServerResponse): void {
  res.setHeader('connection', 'X-Pod-Hop');
  res.setHeader('x-pod-hop', 'internal');
  res.setHeader('proxy-authenticate', 'Basic realm="pod"');
  res.setHeader('upgrade', 'h2c');
  res.setHeader('x-kept', 'yes');
  res.setHeader('content-type', 'application/json');
}

const HOP_NAMES = [
  'x-hop-custom',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
];

const chat = JSON.stringify({ model: FAKE_MODEL, messages: [{ role: 'user', content: 'x' }] });

describe('gateway forwarding headers', () => {
  it('strips hop-by-hop headers both ways on completions and pass-through routes', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const r = await fakeRig((req, res) => {
      seen.push({ ...req.headers });
      req.resume();
      req.on('end', () => {
        podHop(res);
        res.end(JSON.stringify({ choices: [] }));
      });
    });
    try {
      for (const [method, target, body] of [
        ['POST', '/v1/chat/completions', chat],
        ['POST', '/v1/embeddings', '{"input":"x"}'],
        ['GET', '/v1/anything', ''],
      ] as const) {
        seen.length = 0;
        const res = await rawRequest(
          r.gateway.url,
          method,
          target,
          { ...CLIENT_HOP, Authorization: 'Bearer sk-client', 'Content-Type': 'application/json' },
          body,
        );
        assert.equal(res.status, 200, `${target}: ${res.body}`);
        const got = seen[0] ?? {};
        for (const h of HOP_NAMES) assert.equal(got[h], undefined, `${target}: ${h} reached the pod`);
        assert.doesNotMatch(String(got.connection ?? ''), /x-hop-custom/i);
        assert.equal(got.authorization, 'Bearer sk-client', 'end-to-end headers pass');
        for (const h of ['x-pod-hop', 'proxy-authenticate', 'upgrade'])
          assert.equal(res.headers[h], undefined, `${target}: ${h} reached the client`);
        assert.doesNotMatch(res.headers.connection ?? '', /x-pod-hop/i);
        assert.equal(res.headers['x-kept'], 'yes');
      }
    } finally {
      await r.stop();
    }
  });

  it("appends the client's address to X-Forwarded-For, replacing an untrusted peer's", async () => {
    const cases: [string | undefined, string][] = [
      [undefined, '127.0.0.1'],
      ['0', '127.0.0.1'],
      ['10.0.0.0/8', '127.0.0.1'],
      ['127.0.0.0/8', '203.0.113.9, 198.51.100.7, 127.0.0.1'],
      ['::1,127.0.0.1', '203.0.113.9, 198.51.100.7, 127.0.0.1'],
      ['1', '198.51.100.7, 127.0.0.1'],
      ['2', '203.0.113.9, 198.51.100.7, 127.0.0.1'],
    ];
    for (const [flag, want] of cases) {
      const seen: IncomingHttpHeaders[] = [];
      const r = await fakeRig(
        (req, res) => {
          seen.push({ ...req.headers });
          res.end('{}');
        },
        flag === undefined ? {} : { trustedProxies: parseTrustedProxies(flag) },
      );
      try {
        await rawRequest(r.gateway.url, 'GET', '/v1/anything', {
          'X-Forwarded-For': '203.0.113.9, 198.51.100.7',
          'X-Forwarded-Proto': 'https',
          'X-Forwarded-Host': 'api.example',
          Forwarded: 'for=203.0.113.9',
        });
        const got = seen[0] ?? {};
        assert.equal(got['x-forwarded-for'], want, `--trusted-proxies ${flag}`);
        const trusted = want.includes('198.51');
        assert.equal(got['x-forwarded-proto'], trusted ? 'https' : 'http', `${flag}`);
        assert.equal(got['x-forwarded-host'], trusted ? 'api.example' : new URL(r.gateway.url).host);
        assert.equal(got.forwarded, trusted ? 'for=203.0.113.9' : undefined);
      } finally {
        await r.stop();
      }
    }
  });

  it('sets X-Forwarded-Proto and -Host when absent', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const r = await fakeRig(
      (req, res) => {
        seen.push({ ...req.headers });
        res.end('{}');
      },
      { trustedProxies: parseTrustedProxies('127.0.0.1') },
    );
    try {
      await rawRequest(r.gateway.url, 'GET', '/v1/anything');
      assert.equal(seen[0]?.['x-forwarded-for'], '127.0.0.1');
      assert.equal(seen[0]?.['x-forwarded-proto'], 'http');
      assert.equal(seen[0]?.['x-forwarded-host'], new URL(r.gateway.url).host);
    } finally {
      await r.stop();
    }
  });

  it('parses --trusted-proxies strictly', () => {
    assert.deepEqual(parseTrustedProxies(''), { kind: 'none' });
    assert.deepEqual(parseTrustedProxies('3'), { kind: 'count', count: 3 });
    assert.equal(parseTrustedProxies('10.0.0.0/8, fd00::/8').kind, 'cidrs');
    for (const bad of [
      'abc',
      '10.0.0.0/33',
      '10.0.0.0/8/1',
      'fd00::/129',
      '17',
      '-1',
      '10.0.0.0/x',
      'localhost',
    ])
      assert.throws(() => parseTrustedProxies(bad), TrustedProxiesError, bad);
  });
});
