/**
 * Over HTTP, in simulated time: the 7b profile saturates inside the guide's
 * 20-30 req/s, and TTFT rises with the queue. The pod runs on a manual clock
 * that the test advances only once the HTTP side has caught up, so rates and
 * latencies are in simulated time whatever the machine's load (a loaded
 * machine once measured < 20 req/s on a real clock scaled 5x).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock, profile } from '../../src/sim/index.ts';
import { advance, advanceTo, sumSamples, waitFor, waitForArrival, whileAdvancing } from './manual-drive.ts';
import { client, startPod } from './sim-harness.ts';

const PROMPT = 'x'.repeat(1972); // 493 tokens + 7 of chat framing = 500

describe('simulator over HTTP in simulated time', () => {
  it('7b saturates within 20-30 requests per simulated second', async () => {
    const clock = manualClock();
    const pod = await startPod({ clock });
    try {
      const successes = async () =>
        sumSamples(await (await fetch(`${pod.url}/metrics`)).text(), 'vllm:request_success_total');
      const statuses: number[] = [];
      const pending: Promise<unknown>[] = [];
      let done = 0;
      let at20 = 0;
      // Offer 40 req/s (simulated) for 40 simulated seconds, one request every 25 ms.
      for (let i = 0; i < 1600; i++) {
        await advanceTo(clock, i * 25, 5);
        // Completions per simulated second between t = 20 s and 40 s, as Prometheus would count them.
        if (i === 800) at20 = await successes();
        const before = clock.pending();
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
            statuses.push(r.status);
            done++;
          }),
        );
        await waitForArrival(clock, before);
      }
      await advanceTo(clock, 40_000, 5);
      const rate = ((await successes()) - at20) / 20;
      // Let the queue drain; every request must have been answered over HTTP.
      for (let t = 0; done < 1600 && t < 200_000; t += 100) await advance(clock, 100, 5);
      await waitFor(() => done === 1600, 'the last responses');
      await Promise.all(pending);
      assert.deepEqual(
        statuses.filter((s) => s !== 200),
        [],
        'every request answered 200',
      );
      assert.ok(rate >= 20 && rate <= 30, `saturated at ${rate.toFixed(1)} req/s (simulated)`);
    } finally {
      await pod.stop();
    }
  });

  it('TTFT rises with the queue length', async () => {
    const clock = manualClock();
    const pod = await startPod({ clock, profile: profile('7b', { maxNumSeqs: 4 }) });
    try {
      const c = client(pod);
      const ttfts: Promise<number>[] = [];
      // 16 streamed requests 20 simulated ms apart; four run at a time, the rest queue.
      for (let i = 0; i < 16; i++) {
        await advanceTo(clock, i * 20);
        const before = clock.pending();
        ttfts.push(
          (async () => {
            const t = clock.now();
            const stream = await c.chat.completions.create({
              model: pod.model,
              messages: [{ role: 'user', content: 'Say hello.' }],
              max_tokens: 100,
              stream: true,
              ...({ ignore_eos: true } as object),
            });
            let first = 0;
            for await (const chunk of stream)
              if (!first && chunk.choices[0]?.delta.content) first = clock.now() - t;
            return first;
          })(),
        );
        await waitForArrival(clock, before);
      }
      const got = await whileAdvancing(clock, Promise.all(ttfts));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const early = mean(got.slice(0, 4));
      const late = mean(got.slice(12));
      assert.ok(
        late > early * 3,
        `TTFT of the first four ${early.toFixed(1)} ms, of the last four ${late.toFixed(1)} ms (simulated)`,
      );
    } finally {
      await pod.stop();
    }
  });
});
