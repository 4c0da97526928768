/**
 * Token usage from a response: from one SSE usage chunk, or from a whole
 * (non-streamed) JSON body. vLLM and OpenAI put `usage` at the end of a
 * completion, so a body is searched from its tail first: parsing a few
 * hundred bytes instead of the whole reply, which can be megabytes.
 */

export interface StreamUsage {
  promptTokens: number;
  completionTokens: number;
}

/** How far from the end of a body `"usage"` is looked for before the whole body is parsed. */
const TAIL_BYTES = 2048;

/** Usage from a JSON body or chunk; undefined when absent or malformed. */
export function parseUsage(json: string): StreamUsage | undefined {
  try {
    return usageOf(JSON.parse(json));
  } catch {
    // A body that is not JSON has no usage; the request is still measured.
  }
  return undefined;
}

/**
 * Usage of a body received as `chunks`, as `parseUsage` of the whole body
 * would find it: the top-level object's `usage`. Looks in the last
 * TAIL_BYTES first; falls back to parsing everything when the tail has no
 * top-level `"usage"` key.
 */
export function usageFromBody(chunks: readonly Buffer[]): StreamUsage | undefined {
  const { text, whole } = tailText(chunks);
  const found = usageInTail(text);
  if (found !== NOT_IN_TAIL) return found;
  return parseUsage(whole ? text : Buffer.concat(chunks).toString('utf8'));
}

const NOT_IN_TAIL = Symbol('not in tail');

/**
 * The top-level usage if its key is in `tail` (the end of a JSON object).
 *
 * A `"usage"` key preceded by `,` or `{` is structural: inside a string its
 * quote would be escaped. From such a key to the end of the body, wrapped
 * in `{`, is a complete JSON object exactly when the key belongs to the
 * outermost object (a nested one would leave closing brackets over), so
 * JSON.parse of that small text both checks the place and reads the value.
 * Candidates are tried from the end, as JSON.parse keeps the last duplicate.
 */
export function usageInTail(tail: string): StreamUsage | undefined | typeof NOT_IN_TAIL {
  for (let at = tail.lastIndexOf('"usage"'); at >= 0; at = tail.lastIndexOf('"usage"', at - 1)) {
    let before = at - 1;
    while (before >= 0 && isSpace(tail.charCodeAt(before))) before--;
    const prev = tail[before];
    if (prev !== ',' && prev !== '{') continue;
    let rest: unknown;
    try {
      rest = JSON.parse(`{${tail.slice(at)}`);
    } catch {
      continue;
    }
    return usageOf(rest);
  }
  return NOT_IN_TAIL;
}

/** The last TAIL_BYTES of the body as text; `whole` when that is all of it. */
function tailText(chunks: readonly Buffer[]): { text: string; whole: boolean } {
  let size = 0;
  let first = chunks.length;
  while (first > 0 && size < TAIL_BYTES) {
    first--;
    size += chunks[first]?.length ?? 0;
  }
  const end = first === chunks.length - 1 ? chunks[first] : Buffer.concat(chunks.slice(first));
  if (!end) return { text: '', whole: true };
  const from = Math.max(0, end.length - TAIL_BYTES);
  // A character cut at the window's start decodes as U+FFFD, before any key that matters.
  return { text: end.toString('utf8', from), whole: first === 0 && from === 0 };
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function usageOf(body: unknown): StreamUsage | undefined {
  const u = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
  if (u && typeof u.prompt_tokens === 'number' && typeof u.completion_tokens === 'number')
    return { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens };
  return undefined;
}
