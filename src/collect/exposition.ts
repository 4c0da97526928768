/**
 * A parser for the Prometheus text exposition format, version 0.0.4
 * (prometheus.io/docs/instrumenting/exposition_formats): what vLLM's
 * /metrics (Python prometheus_client) and the gateway's (prom-client) serve.
 * A scrape target is outside our control, so the parser never throws: a line
 * it cannot read is reported as "line N: ..." and skipped, and the rest of
 * the exposition still counts.
 */

/** One sample line. */
export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The optional timestamp (ms since the epoch); the collector uses its own scrape time. */
  timestamp?: number;
}

/** A stable key for a series: its name and sorted labels. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([name, sorted]);
}

/** `name{a="b"}` for reports. */
export function showSeries(s: { name: string; labels: Record<string, string> }): string {
  const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return labels.length === 0 ? s.name : `${s.name}{${labels.join(',')}}`;
}

/** A parsed exposition. */
export interface Exposition {
  samples: ExpositionSample[];
  /** Metric family name → type from its `# TYPE` line. */
  types: Map<string, string>;
  /** "line N: what is wrong", for lines that were skipped. */
  problems: string[];
}

const METRIC_TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;
/** A hostile or misdirected target (an HTML error page) must not flood the report. */
const MAX_PROBLEMS = 50;

/**
 * A sample value as Go's strconv.ParseFloat reads it, which is what Prometheus
 * accepts: decimals, NaN and (+/-)Inf in any case. Returns undefined for
 * anything else (JavaScript's Number() would take "", "0x1f" and "Infinity").
 */
export function parseSampleValue(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  const m = /^([+-]?)inf(inity)?$/.exec(lower);
  if (m) return m[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return undefined;
}

/** Label values escape backslash, double quote and newline; other escapes are kept as written. */
function unescapeChar(c: string): string {
  if (c === 'n') return '\n';
  if (c === '\\' || c === '"') return c;
  return `\\${c}`;
}

type Parsed<T> = { ok: true; value: T; rest: string } | { ok: false; error: string };

/** Reads `{name="value",...}` (the braces included) from the start of `text`. */
function parseLabels(text: string): Parsed<Record<string, string>> {
  const labels: Record<string, string> = {};
  let i = 1;
  const skipSpace = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === '}') return { ok: true, value: labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (name === undefined) return { ok: false, error: `bad label name at column ${i + 1}` };
    i += name.length;
    skipSpace();
    if (text[i] !== '=') return { ok: false, error: `expected "=" after label ${name}` };
    i++;
    skipSpace();
    if (text[i] !== '"') return { ok: false, error: `expected a quoted value for label ${name}` };
    i++;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return { ok: false, error: `unterminated value of label ${name}` };
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i];
        if (next === undefined) return { ok: false, error: `unterminated value of label ${name}` };
        value += unescapeChar(next);
        i++;
      } else value += c;
    }
    if (Object.hasOwn(labels, name)) return { ok: false, error: `label ${name} repeated` };
    labels[name] = value;
    skipSpace();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') return { ok: false, error: `expected "," or "}" after label ${name}` };
  }
}

/** One sample line, or what is wrong with it. */
function parseSample(line: string): { ok: true; sample: ExpositionSample } | { ok: false; error: string } {
  const name = METRIC_NAME.exec(line)?.[0];
  if (name === undefined) return { ok: false, error: 'expected a metric name' };
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    if (!parsed.ok) return parsed;
    labels = parsed.value;
    rest = parsed.rest;
  } else if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t')
    return { ok: false, error: `unexpected "${rest[0]}" after metric name ${name}` };
  const fields = rest.trim().split(/[ \t]+/);
  if (fields[0] === '') return { ok: false, error: `no value for ${name}` };
  if (fields.length > 2) return { ok: false, error: `unexpected text after the value of ${name}` };
  const value = parseSampleValue(fields[0] ?? '');
  if (value === undefined) return { ok: false, error: `bad value "${fields[0]}" for ${name}` };
  const sample: ExpositionSample = { name, labels, value };
  const ts = fields[1];
  if (ts !== undefined) {
    if (!INTEGER.test(ts)) return { ok: false, error: `bad timestamp "${ts}" for ${name}` };
    sample.timestamp = Number(ts);
  }
  return { ok: true, sample };
}

/** A `# HELP` or `# TYPE` line; other comments return undefined (nothing to record). */
function parseMeta(line: string, types: Map<string, string>): string | undefined {
  const m = /^#[ \t]+(HELP|TYPE)(?:[ \t]+(.*))?$/.exec(line);
  if (!m) return undefined;
  const [name, type, extra] = (m[2] ?? '').trim().split(/[ \t]+/);
  if (!name || METRIC_NAME.exec(name)?.[0] !== name) return `${m[1]} without a valid metric name`;
  if (m[1] === 'HELP') return undefined;
  if (type === undefined) return `TYPE of ${name} without a type`;
  if (extra !== undefined || !METRIC_TYPES.has(type)) return `unknown type "${type}" for ${name}`;
  if (types.has(name)) return `second TYPE line for ${name}`;
  types.set(name, type);
  return undefined;
}

/** Reads an exposition line by line; bad lines are skipped and listed. */
class ExpositionReader {
  readonly samples: ExpositionSample[] = [];
  readonly types = new Map<string, string>();
  readonly problems: string[] = [];
  private dropped = 0;

  line(raw: string, index: number): void {
    // Tolerate CRLF line ends (a proxy on Windows) and indentation.
    const line = raw.replace(/\r$/, '').trim();
    if (line === '') return;
    const error = line.startsWith('#') ? parseMeta(line, this.types) : sampleError(line, this.samples);
    if (error === undefined) return;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(`line ${index + 1}: ${error}`);
    else this.dropped++;
  }

  result(): Exposition {
    if (this.dropped > 0) this.problems.push(`... and ${this.dropped} more bad lines`);
    return { samples: this.samples, types: this.types, problems: this.problems };
  }
}

/** Parses an exposition; never throws. Bad lines are skipped and listed in `problems`. */
export function parseExposition(text: string): Exposition {
  const reader = new ExpositionReader();
  for (const [index, raw] of text.split('\n').entries()) reader.line(raw, index);
  return reader.result();
}

/** An exposition, or the sample limit it went past (the scrape fails whole, as Prometheus's sample_limit). */
export type LimitedExposition = { ok: true; exposition: Exposition } | { ok: false; limit: number };

/**
 * Lines parsed between two yields to the event loop: about a millisecond of
 * work, so a large scrape never holds the API's requests for longer.
 */
const LINES_PER_TURN = 2000;

/**
 * parseExposition for a collector sharing its process with the API: yields
 * to the event loop every LINES_PER_TURN lines, and stops as soon as the
 * samples exceed `sampleLimit` (a 10.9 MB scrape once stalled the API for
 * 36 s and wrote 199,999 rows).
 */
export async function parseExpositionLimited(text: string, sampleLimit: number): Promise<LimitedExposition> {
  const reader = new ExpositionReader();
  let start = 0;
  for (let index = 0; start <= text.length; index++) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    reader.line(text.slice(start, stop), index);
    start = stop + 1;
    if (reader.samples.length > sampleLimit) return { ok: false, limit: sampleLimit };
    if (index % LINES_PER_TURN === LINES_PER_TURN - 1) await new Promise((r) => setImmediate(r));
  }
  return { ok: true, exposition: reader.result() };
}

function sampleError(line: string, samples: ExpositionSample[]): string | undefined {
  const parsed = parseSample(line);
  if (!parsed.ok) return parsed.error;
  samples.push(parsed.sample);
  return undefined;
}
