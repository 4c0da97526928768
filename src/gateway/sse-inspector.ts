/**
 * Reads an OpenAI/vLLM server-sent-event stream as it passes through: splits
 * it into events (`data: ...\n\n`), notices content tokens, the usage chunk
 * and `[DONE]`, and can drop the usage chunk the gateway asked for on the
 * client's behalf. Text is inspected with cheap patterns; only the usage
 * event is JSON-parsed, since it is one per stream.
 */
import { parseUsage, type StreamUsage } from './usage.ts';

/** A chunk carries generated text: `"content":"x` or `"text":"x` with something after the quote. */
const CONTENT = /"(?:content|text)":"(?!")/;
/** The usage-only chunk vLLM sends last when asked: no choices, a usage object. */
const USAGE_ONLY = /"choices":\[\],"usage":\{|"usage":\{[^}]*\}[^{]*"choices":\[\]/;

export interface InspectorEvents {
  /** A content token arrived (one chunk = one or more tokens; vLLM sends one per chunk). */
  onToken(): void;
}

export class SseInspector {
  private pending = '';
  done = false;
  usage: StreamUsage | undefined;

  constructor(
    private readonly events: InspectorEvents,
    /** Drop the usage chunk from what is forwarded (the client did not ask for it). */
    private readonly dropUsage: boolean,
  ) {}

  /**
   * Feeds raw bytes; returns what to forward now. Without dropUsage that is
   * the input itself (no buffering); with it, whole events only.
   */
  push(chunk: string): string {
    this.pending += chunk;
    let out = '';
    for (;;) {
      const end = this.pending.indexOf('\n\n');
      if (end === -1) break;
      const event = this.pending.slice(0, end + 2);
      this.pending = this.pending.slice(end + 2);
      if (this.inspect(event)) out += event;
    }
    if (!this.dropUsage) {
      // Forward as received; the remainder is kept only for inspection.
      return chunk;
    }
    return out;
  }

  /** Inspects one event; false when it must not be forwarded. */
  private inspect(event: string): boolean {
    const data = event.startsWith('data: ') ? event.slice(6, -2) : event.trim();
    if (data === '[DONE]') {
      this.done = true;
      return true;
    }
    if (CONTENT.test(data)) this.events.onToken();
    if (data.includes('"usage":{') && USAGE_ONLY.test(data)) {
      this.usage = parseUsage(data);
      return !this.dropUsage;
    }
    return true;
  }
}
