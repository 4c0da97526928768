/**
 * Edge cases of the relay the simulator never produces: large bodies to a
 * slow client (backpressure to the upstream), bytes passed through unchanged,
 * SSE chunks cut inside a character and inside the usage event.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeRig, post, writeParts } from './fake-pod.ts';

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

  it('streams chunks cut inside a character and inside the usage event, and removes that usage', async () => {
    const event = (o: object) => `data: ${JSON.stringify(o)}\n\n`;
    const tokens = ['Grüße', ' 𝄞', ' ✓'].map((t) =>
      event({ choices: [{ index: 0, delta: { content: t } }] }),
    );
    const usage = event({ choices: [], usage: { prompt_tokens: 4, total_tokens: 7, completion_tokens: 3 } });
    const stream = Buffer.from([...tokens, usage, 'data: [DONE]\n\n'].join(''));
    const cuts = [stream.indexOf('ü') + 1, stream.indexOf('𝄞') + 2, stream.indexOf('"usage"') + 3];
    const parts = [0, ...cuts].map((from, i) => stream.subarray(from, cuts[i] ?? stream.length));
    const r = await fakeRig((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      void writeParts(res, parts);
    });
    try {
      const out = await post(r.gateway.url, { stream: true });
      assert.equal(out.body.toString(), [...tokens, 'data: [DONE]\n\n'].join(''));
      const m = r.measured[0];
      assert.equal(m?.completionTokens, 3);
      assert.equal(m?.promptTokens, 4);
      assert.equal(m?.errorType, undefined);
      const itl = /vllm_inter_token_latency_seconds_count\{[^}]*\} (\d+)/.exec(
        await r.gateway.metrics.text(),
      );
      assert.equal(itl?.[1], '2', 'three tokens, two gaps');
    } finally {
      await r.stop();
    }
  });
});
