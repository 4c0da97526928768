/**
 * Reads an OpenAI/vLLM server-sent-event stream as it passes through and
 * notices content tokens, the usage chunk, vLLM's in-stream error event and
 * `[DONE]`. The events are parsed by eventsource-parser (the WHATWG
 * EventSource grammar: CRLF, LF and CR line ends, comments, multi-line data);
 * this file only tells it where each line of the raw bytes ends, so it knows
 * which bytes an event was made of.
 *
 * The bytes are the client's: they are forwarded as they came, never
 * reframed. Only when the gateway itself asked for usage (dropUsage) is the
 * event in progress held back, so the usage event it added can be left out.
 * What is held for inspection is capped (INSPECTION_LIMIT_BYTES): past it the
 * stream is relayed uninspected and the owner is told once.
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { parseUsage, type StreamUsage } from './usage.ts';

/** The most bytes of one event the inspector holds (the parser's buffer, and the held-back event). */
export const INSPECTION_LIMIT_BYTES = 1024 * 1024;

/** The usage-only chunk vLLM sends last when asked: no choices, a usage object. */
const USAGE_ONLY = /"choices":\[\],"usage":\{|"usage":\{[^}]*\}[^{]*"choices":\[\]/;
/** A stream that ends with `data: [DONE]` (checked on the last bytes once inspection stopped). */
const ENDS_DONE = /(?:^|[\r\n])data: ?\[DONE\](?:\r\n|\r|\n)+$/;
const LF = 0x0a;
const CR = 0x0d;
/** Bytes kept after inspection stopped, to see the final `data: [DONE]`. */
const TAIL_BYTES = 32;

export interface InspectorEvents {
  /**
   * A content token of choice `choice` arrived (one chunk = one or more
   * tokens; vLLM sends one per chunk, each choice of an n > 1 request in its
   * own chunks, marked by the choice's `index`).
   */
  onToken(choice: number): void;
  /** An event grew past the limit: the stream is relayed from here on uninspected (called once). */
  onSkipped?(limitBytes: number): void;
}

export class SseInspector {
  /** `data: [DONE]` arrived. */
  done = false;
  /**
   * vLLM reported a failure inside the stream: HTTP 200, then
   * `data: {"error": {...}}`, then `data: [DONE]`
   * (vllm/entrypoints/openai/serving_chat.py, chat_completion_stream_generator).
   */
  error = false;
  usage: StreamUsage | undefined;
  /** Inspection stopped at the limit; bytes still pass. */
  skipped = false;
  private parser: EventSourceParser | undefined;
  private readonly decoder = new TextDecoder();
  /** Bytes since the last blank line: a bound of what the parser (and `held`) keep. */
  private eventBytes = 0;
  /** Bytes of the current line so far (0 at a line's start: a terminator then is a blank line). */
  private lineBytes = 0;
  /** dropUsage: the earlier chunks' part of the event in progress. */
  private held: Buffer[] = [];
  /**
   * The last chunk ended with CR: an LF first in the next one completes that
   * CRLF, and goes with the line it ended (a line of the event in progress,
   * an event already forwarded, or the dropped usage event).
   */
  private afterCr: 'no' | 'line' | 'kept' | 'dropped' = 'no';
  /** The event being ended is the gateway's usage chunk. */
  private dropEvent = false;
  private tail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly events: InspectorEvents,
    /** Drop the usage chunk from what is forwarded (the client did not ask for it). */
    private readonly dropUsage: boolean,
    private readonly limit = INSPECTION_LIMIT_BYTES,
  ) {
    this.parser = createParser({ onEvent: (e) => this.event(e.data) });
  }

  /** What the inspector holds for the stream now (never above the limit). */
  get bufferedBytes(): number {
    return this.skipped ? 0 : this.eventBytes;
  }

  /**
   * Feeds raw bytes; returns what to forward now. Without dropUsage that is
   * the chunk itself; with it, everything up to the event in progress, less
   * the usage event.
   */
  push(chunk: Buffer): Buffer {
    if (this.skipped) {
      this.keepTail(chunk);
      return chunk;
    }
    const out: Buffer[] | undefined = this.dropUsage ? [] : undefined;
    let i = 0;
    /** Start of the event in progress within this chunk (dropUsage). */
    let from = 0;
    if (this.afterCr !== 'no' && chunk[0] === LF) {
      i = 1;
      if (this.afterCr !== 'line') from = 1;
      if (this.afterCr === 'kept') out?.push(chunk.subarray(0, 1));
    }
    this.afterCr = 'no';
    let cr = chunk.indexOf(CR, i);
    while (i < chunk.length) {
      if (cr !== -1 && cr < i) cr = chunk.indexOf(CR, i);
      const lf = chunk.indexOf(LF, i);
      const t = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      const end = t === -1 ? chunk.length : t + (chunk[t] === CR && chunk[t + 1] === LF ? 2 : 1);
      if (this.eventBytes + (end - i) > this.limit) return this.skip(chunk, from, out);
      this.eventBytes += end - i;
      const text = this.decoder.decode(chunk.subarray(i, t === -1 ? end : t), { stream: true });
      if (t === -1) {
        this.lineBytes += end - i;
        this.parser?.feed(text);
        i = end;
        break;
      }
      const blank = this.lineBytes === 0 && t === i;
      this.lineBytes = 0;
      const crLast = chunk[t] === CR && end === chunk.length;
      // Every line end is fed as LF: the same line to the parser, and it never waits for a CRLF's LF.
      this.parser?.feed(`${text}\n`);
      i = end;
      if (crLast) this.afterCr = !blank ? 'line' : this.dropEvent ? 'dropped' : 'kept';
      if (!blank) continue;
      // A blank line ends the event: its bytes are forwarded, or dropped if it was the added usage chunk.
      if (out) {
        if (!this.dropEvent) out.push(...this.held, chunk.subarray(from, end));
        this.held = [];
        from = end;
      }
      this.dropEvent = false;
      this.eventBytes = 0;
    }
    if (!out) return chunk;
    if (from < chunk.length) this.held.push(chunk.subarray(from));
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  /**
   * The stream ended: returns bytes still held back (an event without its
   * blank line, forwarded as it came) and settles `done` when inspection
   * had stopped.
   */
  end(): Buffer {
    if (this.skipped) this.done = ENDS_DONE.test(this.tail.toString('latin1'));
    const rest = Buffer.concat(this.held);
    this.held = [];
    return rest;
  }

  /** Stops inspecting at the limit: releases what was held, forwards the rest of the chunk. */
  private skip(chunk: Buffer, from: number, out: Buffer[] | undefined): Buffer {
    this.skipped = true;
    this.parser = undefined;
    this.eventBytes = 0;
    this.events.onSkipped?.(this.limit);
    this.keepTail(chunk);
    if (!out) return chunk;
    out.push(...this.held, chunk.subarray(from));
    this.held = [];
    return Buffer.concat(out);
  }

  private keepTail(chunk: Buffer): void {
    const joined = chunk.length >= TAIL_BYTES ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - TAIL_BYTES)));
  }

  /** One parsed event's data. */
  private event(data: string): void {
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    if (!this.error && isErrorEvent(data)) this.error = true;
    if (hasContent(data)) this.events.onToken(choiceIndex(data));
    if (data.includes('"usage":{') && USAGE_ONLY.test(data)) {
      this.usage = parseUsage(data);
      this.dropEvent = this.dropUsage;
    }
  }
}

/**
 * The choice a chunk belongs to: the first `"index":N` of the event, which is
 * the choice's (OpenAI and vLLM write it first in each choice, before a
 * tool call's own index); 0 when there is none.
 */
function choiceIndex(data: string): number {
  const m = CHOICE_INDEX.exec(data);
  return m ? Number(m[1]) : 0;
}

const CHOICE_INDEX = /"index"\s*:\s*(\d{1,6})/;

/** `"content":"` or `"text":"` followed by anything but a quote (an empty string is no token). */
function hasContent(data: string): boolean {
  for (const key of ['"content":"', '"text":"']) {
    for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, at + 1))
      if (data.charCodeAt(at + key.length) !== 0x22) return true;
  }
  return false;
}

/** `{"error":` as the event's first key (whitespace allowed, as json.dumps writes `{"error": {`). */
function isErrorEvent(data: string): boolean {
  return /^\s*\{\s*"error"\s*:/.test(data);
}
