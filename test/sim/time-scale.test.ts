/**
 * Over HTTP on a scaled clock: the 7b profile saturates inside the guide's
 * 20-30 req/s, and TTFT rises with the queue. Rates are in simulated time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profile, realClock } from '../../src/sim/index.ts';
import { client, startPod } from './sim-harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PROMPT = 'x'.repeat(1972); // 493 tokens + 7 of chat framing = 500

describe('simulator on a scaled clock', () => {
  it('7b saturates within 20-30 requests per simulated second', async () => {
    // Client and server share this process: 5x keeps it well within one core.
    const scale = 5;
    const pod = await startPod({ clock: realClock(scale) });
    try {
      const finished: number[] = [];
      const start = performance.now();
      const pending: Promise<unknown>[] = [];
      // Offer 40 req/s (simulated) for 40 simulated seconds: 8 s real, 200 real req/s.
      for (let i = 0; i < 1600; i++) {
        const due = start + (i * 1000) / (40 * scale);
        const wait = due - performance.now();
        if (wait > 2) await sleep(wait);
        pending.push(
          fetch(`${pod.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              model: pod.model,
              messages: [{ role: 'user', content: PROMPT }],
              max_tokens: 150 + ((i * 37) % 101),
              ignore_eos: true,
            }),
          }).then(async (r) => {
            await r.arrayBuffer();
            if (r.status === 200) finished.push(performance.now());
          }),
        );
      }
      await Promise.all(pending);
      // Completions per simulated second between simulated t = 20 s and 40 s.
      const from = start + 20_000 / scale;
      const to = start + 40_000 / scale;
      const rate = finished.filter((t) => t >= from && t < to).length / 20;
      assert.ok(rate >= 20 && rate <= 30, `saturated at ${rate.toFixed(1)} req/s (simulated)`);
    } finally {
      await pod.stop();
    }
  });

  it('TTFT rises with the queue length', async () => {
    const pod = await startPod({ clock: realClock(10), profile: profile('7b', { maxNumSeqs: 4 }) });
    try {
      const c = client(pod);
      // Warm the client and the connection pool so the first four measure the engine, not start-up.
      await c.chat.completions.create({
        model: pod.model,
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 1,
      });
      const ttfts = await Promise.all(
        Array.from({ length: 16 }, async (_, i) => {
          await sleep(i * 2);
          const t = performance.now();
          const stream = await c.chat.completions.create({
            model: pod.model,
            messages: [{ role: 'user', content: 'Say hello.' }],
            max_tokens: 100,
            stream: true,
            ...({ ignore_eos: true } as object),
          });
          let first = 0;
          for await (const chunk of stream)
            if (!first && chunk.choices[0]?.delta.content) first = performance.now() - t;
          return first;
        }),
      );
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const early = mean(ttfts.slice(0, 4));
      const late = mean(ttfts.slice(12));
      assert.ok(
        late > early * 3,
        `TTFT of the first four ${early.toFixed(1)} ms, of the last four ${late.toFixed(1)} ms`,
      );
    } finally {
      await pod.stop();
    }
  });
});
