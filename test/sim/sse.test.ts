/**
 * Server-sent events exactly as vLLM frames them: `data: <json>\n\n` per
 * chunk, the chat stream opening with the role, finish_reason on the last
 * token's chunk, the usage chunk, then `data: [DONE]\n\n`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chatBody, fastPod, raw } from './sim-harness.ts';

describe('SSE framing', () => {
  it('is byte for byte what vLLM sends', async () => {
    const pod = await fastPod();
    try {
      const url = `${pod.url}/v1/chat/completions`;
      const whole = await raw(url, {
        body: chatBody(pod.model, { max_tokens: 3, seed: 11, ignore_eos: true }),
      });
      const content =
        (JSON.parse(whole.body) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message
          .content ?? '';
      const tokens = content.match(/ [a-z]+/g) ?? [];
      assert.equal(tokens.length, 3);

      const streamed = await raw(url, {
        body: chatBody(pod.model, {
          max_tokens: 3,
          seed: 11,
          ignore_eos: true,
          stream: true,
          stream_options: { include_usage: true },
        }),
      });
      assert.equal(streamed.status, 200);
      assert.match(String(streamed.headers['content-type']), /^text\/event-stream/);
      const first = /^data: (\{.*?\})\n\n/.exec(streamed.body)?.[1] ?? '{}';
      const { id, created } = JSON.parse(first) as { id: string; created: number };
      const head = `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":"${pod.model}","choices":[`;
      const expected = [
        `data: ${head}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`,
        `data: ${head}{"index":0,"delta":{"content":"${tokens[0]}"},"logprobs":null,"finish_reason":null}]}\n\n`,
        `data: ${head}{"index":0,"delta":{"content":"${tokens[1]}"},"logprobs":null,"finish_reason":null}]}\n\n`,
        `data: ${head}{"index":0,"delta":{"content":"${tokens[2]}"},"logprobs":null,"finish_reason":"length","stop_reason":null}]}\n\n`,
        `data: ${head}],"usage":{"prompt_tokens":10,"total_tokens":13,"completion_tokens":3}}\n\n`,
        'data: [DONE]\n\n',
      ].join('');
      assert.equal(streamed.body, expected);
    } finally {
      await pod.stop();
    }
  });

  it('without include_usage there is no usage chunk', async () => {
    const pod = await fastPod();
    try {
      const r = await raw(`${pod.url}/v1/completions`, {
        body: JSON.stringify({
          model: pod.model,
          prompt: 'hi',
          max_tokens: 2,
          ignore_eos: true,
          stream: true,
        }),
      });
      const events = r.body.split('\n\n').filter(Boolean);
      assert.equal(events.length, 3);
      assert.equal(events.at(-1), 'data: [DONE]');
      assert.doesNotMatch(r.body, /usage/);
      for (const e of events.slice(0, -1))
        assert.match(e, /^data: \{"id":"cmpl-[0-9a-f]{32}","object":"text_completion"/);
    } finally {
      await pod.stop();
    }
  });
});
