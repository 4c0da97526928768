/**
 * Reads an OpenAI/vLLM server-sent-event stream as it passes through: splits
 * it into events (`data: ...\n\n`), notices content tokens, the usage chunk,
 * vLLM's in-stream error event and `[DONE]`, and can drop the usage chunk the gateway asked for on the
 * client's behalf. Bytes are inspected with cheap searches; only the usage
 * event is decoded and JSON-parsed, since it is one per stream.
 */
import { parseUsage, type StreamUsage } from './usage.ts';

/** The usage-only chunk vLLM sends last when asked: no choices, a usage object. */
const USAGE_ONLY = /"choices":\[\],"usage":\{|"usage":\{[^}]*\}[^{]*"choices":\[\]/;

export interface InspectorEvents {
  /** A content token arrived (one chunk = one or more tokens; vLLM sends one per chunk). */
  onToken(): void;
}

const EVENT_END = Buffer.from('\n\n');
const DATA = Buffer.from('data: ');
const DONE = Buffer.from('[DONE]');
const CONTENT_KEYS = [Buffer.from('"content":"'), Buffer.from('"text":"')];
const USAGE_KEY = Buffer.from('"usage":{');
const ERROR_KEY = Buffer.from('"error"');
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const COLON = 0x3a;

export class SseInspector {
  /** The start of an event whose end has not arrived yet. */
  private pending: Buffer | undefined;
  done = false;
  /**
   * vLLM reported a failure inside the stream: HTTP 200, then
   * `data: {"error": {...}}`, then `data: [DONE]`
   * (vllm/entrypoints/openai/serving_chat.py, chat_completion_stream_generator).
   */
  error = false;
  usage: StreamUsage | undefined;

  constructor(
    private readonly events: InspectorEvents,
    /** Drop the usage chunk from what is forwarded (the client did not ask for it). */
    private readonly dropUsage: boolean,
  ) {}

  /**
   * Feeds raw bytes; returns what to forward now. Without dropUsage that is
   * the chunk itself, unchanged and unbuffered; with it, whole events only,
   * less the usage event. Bytes are never decoded, except the usage event's,
   * so a character split across chunks needs no care.
   */
  push(chunk: Buffer): Buffer {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    let dropped: Array<[number, number]> | undefined;
    for (;;) {
      const end = buf.indexOf(EVENT_END, start);
      if (end === -1) break;
      const next = end + 2;
      if (!this.inspect(buf, start, end)) {
        dropped ??= [];
        dropped.push([start, next]);
      }
      start = next;
    }
    // Only the unfinished event is kept, not what was already inspected.
    this.pending = start < buf.length ? buf.subarray(start) : undefined;
    if (!this.dropUsage) return chunk;
    if (!dropped) return start === buf.length ? buf : buf.subarray(0, start);
    const kept: Buffer[] = [];
    let from = 0;
    for (const [a, b] of dropped) {
      kept.push(buf.subarray(from, a));
      from = b;
    }
    kept.push(buf.subarray(from, start));
    return Buffer.concat(kept);
  }

  /** Inspects the event in buf[start, end) (end is where its blank line starts); false to drop it. */
  private inspect(buf: Buffer, start: number, end: number): boolean {
    let from = start;
    let to = end;
    if (end - start >= DATA.length && buf.compare(DATA, 0, DATA.length, start, start + DATA.length) === 0)
      from += DATA.length;
    else {
      // Not a data line: compared trimmed, as its text would be.
      while (from < to && isSpace(buf[from] ?? 0)) from++;
      while (to > from && isSpace(buf[to - 1] ?? 0)) to--;
    }
    const data = buf.subarray(from, to);
    if (data.equals(DONE)) {
      this.done = true;
      return true;
    }
    if (!this.error && isErrorEvent(data)) this.error = true;
    if (hasContent(data)) this.events.onToken();
    if (data.includes(USAGE_KEY)) {
      const text = data.toString('utf8');
      if (USAGE_ONLY.test(text)) {
        this.usage = parseUsage(text);
        return !this.dropUsage;
      }
    }
    return true;
  }
}

/** `"content":"` or `"text":"` followed by anything but a quote (an empty string is no token). */
function hasContent(data: Buffer): boolean {
  for (const key of CONTENT_KEYS) {
    for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, at + 1))
      if (data[at + key.length] !== QUOTE) return true;
  }
  return false;
}

/** `{"error":` as the event's first key (whitespace allowed, as json.dumps writes `{"error": {`). */
function isErrorEvent(data: Buffer): boolean {
  let at = 0;
  while (at < data.length && isSpace(data[at] ?? 0)) at++;
  if (data[at] !== OPEN_BRACE) return false;
  at++;
  while (at < data.length && isSpace(data[at] ?? 0)) at++;
  if (data.compare(ERROR_KEY, 0, ERROR_KEY.length, at, at + ERROR_KEY.length) !== 0) return false;
  at += ERROR_KEY.length;
  while (at < data.length && isSpace(data[at] ?? 0)) at++;
  return data[at] === COLON;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c;
}
