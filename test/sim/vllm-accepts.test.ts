/**
 * What vLLM's OpenAI server accepts, or refuses only later and otherwise,
 * that the simulator used to refuse up front: a request without `model`,
 * `messages: []` (refused by the chat template, not by pydantic) and
 * `prompt` as token IDs or as a list of prompts. Through the official
 * `openai` client, as users' code talks to vLLM. The vLLM sources each case
 * follows are cited in src/sim/request.ts and src/sim/completion-handler.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI, { APIError } from 'openai';
import { fastPodForSuite } from './sim-harness.ts';

const USER = [{ role: 'user' as const, content: 'Say hello.' }];

/** The API error a call ends with (fails the test if it succeeds). */
async function failure(p: Promise<unknown>): Promise<APIError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof APIError, String(err));
    return err;
  }
  assert.fail('expected an error response');
}

/** A body the client's types would refuse: vLLM takes it, so the simulator must. */
function loose<T>(body: Record<string, unknown>): T {
  return body as T;
}

type ChatBody = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
type CompletionBody = OpenAI.CompletionCreateParamsNonStreaming;

describe('the simulator accepts what vLLM accepts', () => {
  const suite = fastPodForSuite();

  describe('model is optional (CompletionRequest/ChatCompletionRequest `model: str | None = None`)', () => {
    for (const [name, extra] of [
      ['absent', {}],
      ['null', { model: null }],
      ['empty', { model: '' }],
    ] as const)
      it(`${name}: answered by the served model`, async () => {
        const chat = await suite.client.chat.completions.create(
          loose<ChatBody>({ messages: USER, max_tokens: 3, ...extra }),
        );
        assert.equal(chat.model, suite.pod.model);
        assert.equal(chat.choices.length, 1);
        const text = await suite.client.completions.create(
          loose<CompletionBody>({ prompt: 'Hi', max_tokens: 3, ...extra }),
        );
        assert.equal(text.model, suite.pod.model);
      });

    it('a wrong model is 404 NotFoundError with param null (_check_model)', async () => {
      const err = await failure(suite.client.chat.completions.create({ model: 'nope', messages: USER }));
      assert.ok(err instanceof OpenAI.NotFoundError);
      const body = err.error as { message: string; type: string; param: unknown };
      assert.equal(body.message, 'The model `nope` does not exist.');
      assert.equal(body.type, 'NotFoundError');
      assert.equal(body.param, null);
    });

    it('a model that is not a string is still a validation error', async () => {
      const err = await failure(
        suite.client.chat.completions.create(loose<ChatBody>({ model: 5, messages: USER })),
      );
      assert.equal(err.status, 400);
      assert.equal(err.param, 'body.model');
    });
  });

  describe('messages: [] passes validation; the chat template refuses it', () => {
    it('400 BadRequestError "list index out of range", as transformers raises it', async () => {
      const err = await failure(
        suite.client.chat.completions.create({ model: suite.pod.model, messages: [] }),
      );
      assert.equal(err.status, 400);
      const body = err.error as { message: string; type: string; param: unknown };
      assert.equal(body.type, 'BadRequestError');
      assert.equal(body.message, 'list index out of range');
      assert.equal(body.param, null);
    });

    it('after the model check, as vLLM renders after _check_model', async () => {
      const err = await failure(suite.client.chat.completions.create({ model: 'nope', messages: [] }));
      assert.equal(err.status, 404);
    });
  });

  describe('prompt: a string, strings, token IDs, lists of token IDs', () => {
    it('token IDs: one prompt, one prompt token per ID', async () => {
      const r = await suite.client.completions.create({
        model: suite.pod.model,
        prompt: [1, 2, 3, 4, 5],
        max_tokens: 2,
      });
      assert.equal(r.choices.length, 1);
      assert.equal(r.usage?.prompt_tokens, 5);
    });

    it('a list of strings: one choice per prompt, in order, prompt tokens summed', async () => {
      const r = await suite.client.completions.create({
        model: suite.pod.model,
        prompt: ['x'.repeat(40), 'y'.repeat(80), 'z'],
        max_tokens: 3,
        ...loose<object>({ ignore_eos: true }),
      });
      assert.deepEqual(
        r.choices.map((ch) => ch.index),
        [0, 1, 2],
      );
      // 40 and 80 characters are 10 and 20 tokens (4 characters a token, tokens.ts), 'z' one.
      assert.equal(r.usage?.prompt_tokens, 31);
      assert.equal(r.usage?.completion_tokens, 9);
      for (const ch of r.choices) assert.equal(ch.text.trim().split(' ').length, 3);
    });

    it('a list of token-ID lists: one choice per prompt', async () => {
      const r = await suite.client.completions.create({
        model: suite.pod.model,
        prompt: [
          [1, 2],
          [3, 4, 5],
        ],
        max_tokens: 2,
      });
      assert.equal(r.choices.length, 2);
      assert.equal(r.usage?.prompt_tokens, 5);
    });

    it('streamed, each chunk carries its prompt’s choice index', async () => {
      const seen = new Map<number, number>();
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of await suite.client.completions.create({
        model: suite.pod.model,
        prompt: ['a', 'b'],
        max_tokens: 4,
        stream: true,
        stream_options: { include_usage: true },
        ...loose<object>({ ignore_eos: true }),
      })) {
        if (chunk.usage) usage = chunk.usage;
        for (const ch of chunk.choices) seen.set(ch.index, (seen.get(ch.index) ?? 0) + 1);
      }
      assert.deepEqual([...seen.entries()].sort(), [
        [0, 4],
        [1, 4],
      ]);
      assert.equal(usage?.completion_tokens, 8);
      assert.equal(usage?.prompt_tokens, 2);
    });

    const refused: Array<[string, unknown, number, string | RegExp, string | null]> = [
      // validate_prompt_and_prompt_embeds, a mode="before" validator of CompletionRequest.
      ['absent', undefined, 400, /Either prompt or prompt_embeds must be provided and non-empty\./, 'prompt'],
      [
        'an empty string',
        '',
        400,
        /Either prompt or prompt_embeds must be provided and non-empty\./,
        'prompt',
      ],
      // validate_prompt_list_length: VLLM_MAX_COMPLETION_PROMPTS, default 1024 (token IDs are one prompt).
      [
        'more than 1024 prompts',
        Array.from({ length: 1025 }, () => 'a'),
        400,
        /prompt list length 1025 exceeds the maximum allowed count of 1024\./,
        'prompt',
      ],
      // `list[Annotated[int, Field(ge=0)]]`: a negative ID fits no member of the union.
      ['a negative token ID', [1, -2], 400, /body\.prompt/, 'body.prompt'],
      ['a mixed list', ['a', 1], 400, /body\.prompt/, 'body.prompt'],
      ['an empty list', [], 400, 'please provide at least one prompt', null],
      // A prompt of no tokens: vLLM's input check (tests/entrypoints/openai/test_completion_error.py).
      ['an empty token-ID list', [[]], 400, 'The decoder prompt cannot be empty', null],
      ['an empty token-ID list after another', [[1], []], 400, 'The decoder prompt cannot be empty', null],
    ];
    for (const [name, prompt, status, message, param] of refused)
      it(`refused: ${name}`, async () => {
        const err = await failure(
          suite.client.completions.create(
            loose<CompletionBody>({ model: suite.pod.model, prompt, max_tokens: 2 }),
          ),
        );
        assert.equal(err.status, status);
        const body = err.error as { message: string };
        if (typeof message === 'string') assert.equal(body.message, message);
        else assert.match(body.message, message);
        assert.equal(err.param, param);
      });

    it('without max_tokens generates at most 16 tokens, as vLLM (and OpenAI) default for completions', async () => {
      const r = await suite.client.completions.create(
        loose<CompletionBody>({ model: suite.pod.model, prompt: 'x'.repeat(40), ignore_eos: true }),
      );
      assert.equal(r.usage?.completion_tokens, 16);
      assert.equal(r.choices[0]?.finish_reason, 'length');
    });

    it('1100 token IDs are one prompt, not over the list limit', async () => {
      const r = await suite.client.completions.create({
        model: suite.pod.model,
        prompt: Array.from({ length: 1100 }, (_, i) => i),
        max_tokens: 1,
      });
      assert.equal(r.usage?.prompt_tokens, 1100);
    });
  });
});
