/**
 * Edge cases of the relay the simulator never produces: large bodies to a
 * slow client (backpressure to the upstream), bytes passed through unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeRig, post } from './fake-pod.ts';

describe('gateway relay edges', () => {
  it('passes a large body to a slow client byte for byte', async () => {
    // 6 MB: over the 4 MB the gateway keeps for usage, so no tokens are counted.
    const filler = 'é'.repeat(3 * 1024 * 1024);
    const body = Buffer.from(
      JSON.stringify({
        choices: [{ message: { content: filler } }],
        usage: { prompt_tokens: 1, completion_tokens: 2 },
      }),
    );
    const r = await fakeRig((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
    try {
      const out = await post(r.gateway.url, {}, { delayReadMs: 200 });
      assert.equal(out.status, 200);
      assert.ok(out.body.equals(body), 'the body arrived unchanged');
      const m = r.measured[0];
      assert.equal(m?.status, 200);
      assert.equal(m?.errorType, undefined);
      assert.equal(m?.completionTokens, undefined);
    } finally {
      await r.stop();
    }
  });
});
