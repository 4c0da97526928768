/**
 * A chat message as vLLM's pydantic union ChatCompletionMessageParam admits
 * it (vllm/entrypoints/chat_utils.py): OpenAI's typed messages plus
 * CustomChatCompletionMessageParam, which "enables custom roles": `role` is
 * any string, so an unknown role is accepted (and rendered by the chat
 * template; Llama 3.1's renders any role). What every member of the union
 * refuses is refused here:
 * - a message that is not an object, a missing role, a role that is not a string;
 * - content that is not a string or a list of parts (absent is allowed);
 * - null content, except in an assistant turn (OpenAI's assistant message
 *   has `content: ... | None`) or the deprecated `function` role;
 * - a part that is neither a string nor an object (the part union holds
 *   `str` and TypedDicts; a part's own fields are checked by vLLM only when
 *   rendered, which the simulator does not do);
 * - a `name` that is not a string.
 */
import { z } from 'zod';

const ROLES_WITH_NULL_CONTENT = new Set(['assistant', 'function']);
const STRING = 'Input should be a valid string';
const CONTENT = 'Input should be a valid string or a list of content parts';

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One message of `messages`. */
export const chatMessage = z
  .looseObject(
    {
      role: z.string({ error: STRING }),
      content: z.unknown(),
      name: z.string({ error: STRING }).optional(),
    },
    { error: 'Input should be a valid dictionary (a message object)' },
  )
  .superRefine((m, ctx) => {
    const c = m.content;
    if (c === undefined || typeof c === 'string') return;
    if (c === null) {
      if (!ROLES_WITH_NULL_CONTENT.has(m.role))
        ctx.addIssue({
          code: 'custom',
          path: ['content'],
          message: `${CONTENT} (null only in an assistant message, not ${JSON.stringify(m.role)})`,
        });
      return;
    }
    if (!Array.isArray(c)) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: CONTENT });
      return;
    }
    c.forEach((p: unknown, i) => {
      if (typeof p !== 'string' && !isObject(p))
        ctx.addIssue({ code: 'custom', path: ['content', i], message: `${STRING} or a content part object` });
    });
  });

export type ChatMessage = z.infer<typeof chatMessage>;
