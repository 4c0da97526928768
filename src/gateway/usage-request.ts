/**
 * The one change the gateway makes to a streamed completion request: asking
 * for the usage chunk (`stream_options.include_usage`), so tokens are
 * counted; the relay removes that chunk again. It must not turn an invalid
 * request into a valid one or change what it asks for: vLLM answers
 * `stream_options: 5` with a 400 (pydantic StreamOptions), and so must the
 * pod behind the gateway.
 */

const OPEN_BRACE = 0x7b;
const INSERT = Buffer.from('"stream_options":{"include_usage":true},');

/**
 * The body to send with usage asked for, or undefined to send the client's
 * bytes unchanged: when the client asked for usage already, or its
 * stream_options is not an object whose include_usage is absent, null or
 * false (anything else is the pod's to judge).
 *
 * Without stream_options the key is inserted into the client's bytes, so
 * every other value reaches the pod exactly as written (a re-serialised body
 * would round integers above 2^53, e.g. a seed); an existing object is
 * rewritten through JSON, as there is no safe place to splice it.
 */
export function withUsageRequested(raw: Buffer, json: Record<string, unknown>): Buffer | undefined {
  if (!('stream_options' in json)) {
    const at = raw.indexOf(OPEN_BRACE);
    // JSON.parse found an object, so the first brace opens it; it holds `stream`, so a comma may follow.
    if (at === -1) return undefined;
    return Buffer.concat([raw.subarray(0, at + 1), INSERT, raw.subarray(at + 1)]);
  }
  const options = json.stream_options;
  if (options === null)
    return Buffer.from(JSON.stringify({ ...json, stream_options: { include_usage: true } }));
  if (typeof options !== 'object' || Array.isArray(options)) return undefined;
  const include = (options as { include_usage?: unknown }).include_usage;
  if (include !== undefined && include !== null && include !== false) return undefined;
  return Buffer.from(JSON.stringify({ ...json, stream_options: { ...options, include_usage: true } }));
}
