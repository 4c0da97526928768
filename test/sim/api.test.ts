/**
 * The simulator's OpenAI API as vLLM serves it, checked with the official
 * `openai` npm client and byte for byte on the wire.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIError } from 'openai';
import { manualClock, profile } from '../../src/sim/index.ts';
import { advance, advanceTo, waitForArrival, whileAdvancing } from './manual-drive.ts';
import { chatBody, client, fastPod, raw, startPod } from './sim-harness.ts';

describe('simulator OpenAI API with the openai client', () => {
  it('lists the served model', async () => {
    const pod = await fastPod();
    try {
      const models = await client(pod).models.list();
      assert.deepEqual(
        models.data.map((m) => m.id),
        ['meta-llama/Llama-3.1-8B-Instruct'],
      );
    } finally {
      await pod.stop();
    }
  });

  it('chat completion, not streamed: usage counts prompt and output tokens', async () => {
    const pod = await fastPod();
    try {
      const r = await client(pod).chat.completions.create({
        model: pod.model,
        messages: [{ role: 'user', content: 'x'.repeat(400) }],
        max_tokens: 12,
        // vLLM extension, passed through: generate exactly max_tokens.
        ...({ ignore_eos: true } as object),
      });
      assert.equal(r.object, 'chat.completion');
      assert.match(r.id, /^chatcmpl-[0-9a-f]{32}$/);
      assert.equal(r.choices[0]?.finish_reason, 'length');
      assert.equal(r.usage?.completion_tokens, 12);
      // 400 characters = 100 tokens, plus 4 for the message and 3 for the reply (see tokens.ts).
      assert.equal(r.usage?.prompt_tokens, 107);
      assert.equal(r.choices[0]?.message.content?.trim().split(' ').length, 12);
    } finally {
      await pod.stop();
    }
  });

  it('chat completion, streamed with include_usage: tokens arrive one by one, usage last', async () => {
    const pod = await fastPod();
    try {
      const stream = await client(pod).chat.completions.create({
        model: pod.model,
        messages: [{ role: 'user', content: 'Say hello.' }],
        max_tokens: 8,
        stream: true,
        stream_options: { include_usage: true },
        ...({ ignore_eos: true } as object),
      });
      const deltas: string[] = [];
      let finish: string | null | undefined;
      let usage: { completion_tokens: number } | undefined;
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        const c = chunk.choices[0];
        if (c?.delta.content) deltas.push(c.delta.content);
        if (c?.finish_reason) finish = c.finish_reason;
      }
      assert.equal(deltas.length, 8);
      assert.equal(finish, 'length');
      assert.equal(usage?.completion_tokens, 8);
    } finally {
      await pod.stop();
    }
  });

  it('text completions, streamed and not', async () => {
    const pod = await fastPod();
    try {
      const c = client(pod);
      const whole = await c.completions.create({
        model: pod.model,
        prompt: 'Once upon a time',
        max_tokens: 4,
        seed: 7,
      });
      assert.equal(whole.object, 'text_completion');
      assert.ok(whole.usage && whole.usage.completion_tokens <= 4);
      let text = '';
      for await (const chunk of await c.completions.create({
        model: pod.model,
        prompt: 'Once upon a time',
        max_tokens: 4,
        seed: 7,
        stream: true,
      }))
        text += chunk.choices[0]?.text ?? '';
      // The same seed gives the same text, streamed or not.
      assert.equal(text, whole.choices[0]?.text);
    } finally {
      await pod.stop();
    }
  });

  it('errors come in OpenAI shape with the right status', async () => {
    const pod = await fastPod({ profile: profile('7b', { maxModelLen: 200 }) });
    try {
      const c = client(pod);
      const status = async (p: Promise<unknown>) => {
        try {
          await p;
          return 0;
        } catch (err) {
          assert.ok(err instanceof APIError, String(err));
          return err.status;
        }
      };
      assert.equal(
        await status(
          c.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] }),
        ),
        404,
      );
      assert.equal(
        await status(
          c.chat.completions.create({
            model: pod.model,
            messages: [{ role: 'user', content: 'x'.repeat(2000) }],
          }),
        ),
        400,
      );
      const bad = await raw(`${pod.url}/v1/chat/completions`, { body: '{"model": ' });
      assert.equal(bad.status, 400);
      const body = JSON.parse(bad.body) as {
        error: { message: string; type: string; code: number; param: unknown };
      };
      // FastAPI's json_invalid is a request validation error: vLLM's handler says "Bad Request".
      assert.equal(body.error.type, 'Bad Request');
      assert.equal(body.error.code, 400);
      assert.match(body.error.message, /JSON decode error/);
      const missing = await raw(`${pod.url}/v1/embeddings`, { body: '{}' });
      assert.equal(missing.status, 404);
      assert.equal((JSON.parse(missing.body) as { error: { code: number } }).error.code, 404);
    } finally {
      await pod.stop();
    }
  });

  it('answers 429 when the waiting queue is full', async () => {
    // A manual clock: the first request is still running when the third arrives, however slow the machine.
    const clock = manualClock();
    const pod = await startPod({ clock, profile: profile('7b', { maxNumSeqs: 1, maxWaiting: 1 }) });
    try {
      const body = chatBody(pod.model, { max_tokens: 200, ignore_eos: true });
      const send = async () => {
        const before = clock.pending();
        const r = raw(`${pod.url}/v1/chat/completions`, { body });
        await waitForArrival(clock, before);
        return { response: r };
      };
      const first = (await send()).response;
      const second = (await send()).response;
      // Past the API server's delay: the first runs, the second fills the waiting queue.
      await advance(clock, pod.engine.profile.apiOverheadMs + 1);
      const { running, waiting } = pod.engine.stats();
      assert.deepEqual({ running, waiting }, { running: 1, waiting: 1 });
      const third = await whileAdvancing(clock, (await send()).response);
      assert.equal(third.status, 429);
      assert.equal((JSON.parse(third.body) as { error: { type: string } }).error.type, 'RateLimitError');
      assert.deepEqual(
        (await whileAdvancing(clock, Promise.all([first, second]))).map((r) => r.status),
        [200, 200],
      );
    } finally {
      await pod.stop();
    }
  });

  it('reports 503 on /health and on requests while starting up, then 200', async () => {
    const clock = manualClock();
    const pod = await startPod({ clock, slowStartSeconds: 10 });
    try {
      const chat = () =>
        whileAdvancing(clock, raw(`${pod.url}/v1/chat/completions`, { body: chatBody(pod.model) }));
      assert.equal((await raw(`${pod.url}/health`)).status, 503);
      assert.equal((await chat()).status, 503);
      await advanceTo(clock, 9_999);
      assert.equal((await raw(`${pod.url}/health`)).status, 503, 'still starting just before 10 s');
      await advanceTo(clock, 10_000);
      assert.equal((await raw(`${pod.url}/health`)).status, 200);
      assert.equal((await chat()).status, 200);
    } finally {
      await pod.stop();
    }
  });
});
