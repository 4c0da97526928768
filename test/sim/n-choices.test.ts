/**
 * `n > 1` as vLLM serves it: n choices indexed 0..n-1 (per prompt, prompt
 * by prompt, for a list of prompts), usage counting the prompt once and the
 * completion tokens of every choice, stream chunks carrying each choice's
 * index, and vLLM's own /metrics counting each of the n sequences as an
 * engine request (vLLM v1 fans a request out into n child requests:
 * vllm/v1/engine/parallel_sampling.py). Through the official `openai` client.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { APIError, type OpenAI } from 'openai';
import type { SimPod } from '../../src/sim/index.ts';
import { chatBody, fastPodForSuite, raw } from './sim-harness.ts';

/** vLLM extension the client's types lack: generate exactly max_tokens. */
const IGNORE_EOS = { ignore_eos: true } as object;
const USER = [{ role: 'user' as const, content: 'x'.repeat(40) }];

/** A counter's value summed over its series, from the pod's /metrics. */
async function counter(pod: SimPod, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${pod.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(`${name}{`) && line.includes(labels)) sum += Number(line.split(' ').at(-1));
  return sum;
}

describe('n > 1 as vLLM serves it', () => {
  const suite = fastPodForSuite();

  it('chat, not streamed: n choices, usage sums the completions', async () => {
    const r = await suite.client.chat.completions.create({
      model: suite.pod.model,
      messages: USER,
      n: 3,
      max_tokens: 4,
      ...IGNORE_EOS,
    });
    assert.deepEqual(
      r.choices.map((ch) => ch.index),
      [0, 1, 2],
    );
    for (const ch of r.choices) {
      assert.equal(ch.finish_reason, 'length');
      assert.equal(ch.message.content?.trim().split(' ').length, 4);
    }
    // The prompt counts once (10 tokens + 4 for the message + 3 for the reply), the completions all.
    assert.equal(r.usage?.prompt_tokens, 17);
    assert.equal(r.usage?.completion_tokens, 12);
    assert.equal(r.usage?.total_tokens, 29);
  });

  it('chat, streamed: a role chunk per choice, then each choice’s tokens under its index', async () => {
    const tokens = new Map<number, number>();
    const roles: number[] = [];
    const finished: number[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of await suite.client.chat.completions.create({
      model: suite.pod.model,
      messages: USER,
      n: 2,
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
      ...IGNORE_EOS,
    })) {
      if (chunk.usage) usage = chunk.usage;
      for (const ch of chunk.choices) {
        if (ch.delta.role) roles.push(ch.index);
        if (ch.delta.content) tokens.set(ch.index, (tokens.get(ch.index) ?? 0) + 1);
        if (ch.finish_reason) finished.push(ch.index);
      }
    }
    assert.deepEqual(roles, [0, 1]);
    assert.deepEqual([...tokens.entries()].sort(), [
      [0, 5],
      [1, 5],
    ]);
    assert.deepEqual(finished.sort(), [0, 1]);
    assert.equal(usage?.completion_tokens, 10);
    assert.equal(usage?.prompt_tokens, 17);
  });

  it('completions with two prompts and n = 2: four choices, prompt by prompt', async () => {
    const r = await suite.client.completions.create({
      model: suite.pod.model,
      prompt: ['a'.repeat(8), 'b'.repeat(4)],
      n: 2,
      max_tokens: 3,
      ...IGNORE_EOS,
    });
    assert.deepEqual(
      r.choices.map((ch) => ch.index),
      [0, 1, 2, 3],
    );
    // Each prompt counts once: 2 + 1 tokens.
    assert.equal(r.usage?.prompt_tokens, 3);
    assert.equal(r.usage?.completion_tokens, 12);
  });

  it('the same seed gives each choice its own text (child seeds are seed + index) and repeats', async () => {
    const body = { model: suite.pod.model, prompt: 'Once', n: 2, max_tokens: 6, seed: 11, ...IGNORE_EOS };
    const one = await suite.client.completions.create(body);
    const two = await suite.client.completions.create(body);
    assert.equal(one.choices.length, 2);
    assert.deepEqual(
      one.choices.map((ch) => ch.text),
      two.choices.map((ch) => ch.text),
    );
    assert.notEqual(one.choices[0]?.text, one.choices[1]?.text);
    // Choice 0 is what n = 1 with the same seed gives.
    const single = await suite.client.completions.create({ ...body, n: 1 });
    assert.equal(single.choices[0]?.text, one.choices[0]?.text);
  });

  it('more choices than the waiting queue holds is its 429, all or none', async () => {
    // The 7b profile's queue holds 1024 requests (profiles.ts); each choice is one.
    await assert.rejects(
      suite.client.chat.completions.create({
        model: suite.pod.model,
        messages: USER,
        n: 1025,
        max_tokens: 2,
      }),
      (err: unknown) => err instanceof APIError && err.status === 429,
    );
  });

  it('/metrics counts every sequence: prompt and generation tokens, one success each', async () => {
    const before = {
      prompt: await counter(suite.pod, 'vllm:prompt_tokens_total'),
      generation: await counter(suite.pod, 'vllm:generation_tokens_total'),
      success: await counter(suite.pod, 'vllm:request_success_total', 'finished_reason="length"'),
    };
    await suite.client.chat.completions.create({
      model: suite.pod.model,
      messages: USER,
      n: 3,
      max_tokens: 4,
      ...IGNORE_EOS,
    });
    // vLLM v1 counts prompt_len for each child request as it prefills (IterationStats.update_from_output).
    assert.equal((await counter(suite.pod, 'vllm:prompt_tokens_total')) - before.prompt, 3 * 17);
    assert.equal((await counter(suite.pod, 'vllm:generation_tokens_total')) - before.generation, 12);
    assert.equal(
      (await counter(suite.pod, 'vllm:request_success_total', 'finished_reason="length"')) - before.success,
      3,
    );
  });

  it('an in-stream error with n > 1 finishes each choice once and releases its KV once', async () => {
    const before = await counter(suite.pod, 'vllm:request_success_total');
    for (const [n, maxTokens] of [
      [2, 2],
      [3, 3],
      [2, 5],
    ] as const) {
      const r = await raw(`${suite.pod.url}/v1/chat/completions`, {
        body: chatBody(suite.pod.model, { n, max_tokens: maxTokens, ignore_eos: true, stream: true }),
        headers: { 'x-sim-fault': 'stream-error' },
      });
      assert.equal(r.status, 200);
      assert.match(r.body, /simulated engine failure mid-stream/);
    }
    await sleep(50);
    // One finish per choice (2 + 3 + 2), whatever step the error came in; nothing left running or held.
    assert.equal((await counter(suite.pod, 'vllm:request_success_total')) - before, 7);
    // One series each: counter() reads the gauge's value.
    assert.equal(await counter(suite.pod, 'vllm:num_requests_running'), 0);
    assert.equal(await counter(suite.pod, 'vllm:kv_cache_usage_perc'), 0);
  });
});
