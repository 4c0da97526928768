/**
 * Prometheus-style durations ("30d", "5m", "1h30m", "500ms").
 * Units and their order follow Prometheus's model.ParseDuration, so every
 * duration we accept is one Prometheus accepts in a range selector.
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

/** Error for a string that is not a Prometheus duration. */
export class DurationError extends Error {
  readonly code = 'invalid_duration';
  constructor(
    readonly value: string,
    readonly expected = 'a duration like 30s, 5m, 1h, 30d or 1h30m',
  ) {
    super(`expected ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'DurationError';
  }
}

/**
 * Parses a Prometheus duration into milliseconds.
 * @throws DurationError when the text is not a valid duration.
 */
export function parseDuration(text: string): number {
  if (text.length === 0) throw new DurationError(text);
  let total = 0;
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
    total += Number(m[1]) * UNIT_MS[unit];
    pos = PART.lastIndex;
  }
  return total;
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
