/**
 * Prometheus-style durations ("30d", "5m", "1h30m", "500ms").
 * Units, their order and the range follow Prometheus's model.ParseDuration
 * (github.com/prometheus/common, model/time.go), which Prometheus uses for
 * range selectors and `for:` and Alertmanager for its intervals, so every
 * duration we accept is one both accept.
 */

const UNIT_MS = {
  y: 365 * 24 * 3600 * 1000,
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
} as const;

type Unit = keyof typeof UNIT_MS;

const ORDER: readonly Unit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const PART = /(\d+)(ms|y|w|d|h|m|s)/y;

/**
 * The longest duration Prometheus and Alertmanager parse: model.Duration is a
 * Go time.Duration, int64 nanoseconds, and ParseDuration answers "duration
 * out of range" past 1<<63 - 1 ns (prometheus/common model/time.go,
 * ParseDuration: `if dur > 1<<63-1`), about 292 years. Counted in BigInt
 * nanoseconds: in milliseconds it is beyond Number's exact integers.
 */
const MAX_NANOS = (1n << 63n) - 1n;
const NANOS_PER_MS = 1_000_000n;

/** MAX_NANOS written as the longest whole-millisecond duration ("292y171d23h47m16s854ms"). */
export const MAX_DURATION_TEXT = '292y171d23h47m16s854ms';

/** Error for a string that is not a Prometheus duration. */
export class DurationError extends Error {
  readonly code: 'invalid_duration' | 'duration_out_of_range';
  constructor(
    readonly value: string,
    readonly expected = 'a duration like 30s, 5m, 1h, 30d or 1h30m',
    outOfRange = false,
  ) {
    super(
      `${outOfRange ? 'duration out of range: ' : ''}expected ${expected}, got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`,
    );
    this.code = outOfRange ? 'duration_out_of_range' : 'invalid_duration';
    this.name = 'DurationError';
  }
}

/** The expectation of an out-of-range duration, shared with the spec schema's message. */
export const DURATION_RANGE = `at most ${MAX_DURATION_TEXT} (Prometheus's and Alertmanager's longest, about 292 years)`;

/**
 * Parses a Prometheus duration into milliseconds.
 * @throws DurationError when the text is not a valid duration, or one longer
 *   than Prometheus's range (code duration_out_of_range).
 */
export function parseDuration(text: string): number {
  if (text.length === 0) throw new DurationError(text);
  let nanos = 0n;
  let pos = 0;
  let lastUnit = -1;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) throw new DurationError(text);
    const unit = m[2] as Unit;
    const rank = ORDER.indexOf(unit);
    // Prometheus rejects "5m1h": units must go from largest to smallest, each once.
    if (rank <= lastUnit) throw new DurationError(text);
    lastUnit = rank;
    nanos += BigInt(m[1] ?? '0') * BigInt(UNIT_MS[unit]) * NANOS_PER_MS;
    if (nanos > MAX_NANOS) throw new DurationError(text, DURATION_RANGE, true);
    pos = PART.lastIndex;
  }
  return Number(nanos / NANOS_PER_MS);
}

/** True when the text parses as a duration. */
export function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats milliseconds as the shortest Prometheus duration ("43200000" -> "12h").
 * Weeks and years are avoided so "30d" stays "30d" rather than "4w2d".
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit];
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Formats milliseconds as seconds for PromQL, e.g. 3000 -> "3", 500 -> "0.5". */
export function secondsLiteral(ms: number): string {
  return String(ms / 1000);
}
