/**
 * The rules of fault settings, kept apart from the Faults state machine:
 * checking a patch made in code, layering a patch onto settings, and the
 * fates a request header can force.
 */
/** The HTTP statuses a fault can answer with. */
export type ErrorStatus = 400 | 429 | 500 | 503;

/** The faults in effect at one moment. */
export interface FaultSettings {
  /** Probability (0..1) that a request is answered with each status; their sum is at most 1. */
  errorRates: Record<ErrorStatus, number>;
  /** Factor on every simulated latency: above 1 a spike, below 1 a speed-up (must be > 0). */
  latencyMultiplier: number;
  /** /health and every request answer 503, as while vLLM loads weights (slow start). */
  unhealthy: boolean;
  /** The server refuses connections (a hard outage). */
  outage: boolean;
  /** Probability that a streamed response is cut mid-way. */
  streamCutRate: number;
  /**
   * Probability of vLLM's in-stream error: a streamed response sends some
   * tokens, then `data: {"error": ...}` and `data: [DONE]` (HTTP 200); a
   * request that is not streamed gets a 500 instead.
   */
  streamErrorRate: number;
  /** Probability that a request is never answered. */
  hangRate: number;
}

/** A change to some of the settings; error rates are changed per status. */
export type FaultPatch = {
  errorRates?: Partial<Record<ErrorStatus, number>>;
  latencyMultiplier?: number;
  unhealthy?: boolean;
  outage?: boolean;
  streamCutRate?: number;
  streamErrorRate?: number;
  hangRate?: number;
};

/** What happens to one request. `cut` drops a stream after `afterTokens` tokens. */
export type RequestFate =
  | { kind: 'serve' }
  | { kind: 'error'; status: ErrorStatus }
  | { kind: 'hang' }
  | { kind: 'cut'; afterTokens: number }
  | { kind: 'stream-error'; afterTokens: number };

/** One entry of a scripted schedule: apply `patch` at `atMs` (from the start) for `durationMs`. */
export interface ScheduledFault {
  atMs: number;
  durationMs: number;
  patch: FaultPatch;
}

/** Request header forcing a fate, for tests: "400", "429", "500", "503", "hang", "cut" or "stream-error". */
export const FORCE_HEADER = 'x-sim-fault';

/** Every ErrorStatus, in the order `fate` draws them. */
export const ERROR_STATUSES: readonly ErrorStatus[] = [400, 429, 500, 503];

/** Why a fault could not be applied or forced. */
export type FaultErrorCode = 'invalid_forced_fault' | 'invalid_fault' | 'invalid_fault_duration';

/** Thrown for a forced fault, patch or duration that makes no sense; `subject` names the field or header. */
export class FaultError extends Error {
  constructor(
    readonly code: FaultErrorCode,
    readonly value: unknown,
    readonly expected: string,
    readonly subject: string,
  ) {
    super(
      `${subject}: expected ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    );
    this.name = 'FaultError';
  }
}

/** Slack for float sums: 0.1 + 0.2 + 0.7 is 1.0000000000000002 and must still count as 1. */
export const RATE_SUM_SLACK = 1e-9;

/** The values FORCE_HEADER accepts. */
export const FORCED_VALUES = ['400', '429', '500', '503', 'hang', 'cut', 'stream-error'] as const;

/** Settings with no fault at all. */
export const NO_FAULTS: FaultSettings = {
  errorRates: { 400: 0, 429: 0, 500: 0, 503: 0 },
  latencyMultiplier: 1,
  unhealthy: false,
  outage: false,
  streamCutRate: 0,
  streamErrorRate: 0,
  hangRate: 0,
};

function isRate(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v <= 1;
}

/** Checks a patch made in code (user input is checked with messages by fault-schedule.ts). */
export function checkPatch(patch: FaultPatch): void {
  const bad = (field: string, value: unknown, expected: string) =>
    new FaultError('invalid_fault', value, expected, field);
  let sum = 0;
  for (const [key, rate] of Object.entries(patch.errorRates ?? {})) {
    if (rate === undefined) continue;
    if (!ERROR_STATUSES.some((s) => String(s) === key))
      throw bad('errorRates', key, 'a status among 400, 429, 500, 503');
    if (!isRate(rate)) throw bad(`errorRates.${key}`, rate, 'a probability between 0 and 1');
    sum += rate;
  }
  if (sum > 1 + RATE_SUM_SLACK) throw bad('errorRates', sum, 'rates summing to at most 1');
  const m = patch.latencyMultiplier;
  if (m !== undefined && !(m > 0 && Number.isFinite(m)))
    throw bad('latencyMultiplier', m, 'a number above 0');
  for (const field of ['streamCutRate', 'streamErrorRate', 'hangRate'] as const) {
    const v = patch[field];
    if (v !== undefined && !isRate(v)) throw bad(field, v, 'a probability between 0 and 1');
  }
  for (const field of ['unhealthy', 'outage'] as const) {
    const v = patch[field];
    if (v !== undefined && typeof v !== 'boolean') throw bad(field, v, 'true or false');
  }
}

/** A copy that shares no object with the caller's. */
export function copyPatch(patch: FaultPatch): FaultPatch {
  return patch.errorRates ? { ...patch, errorRates: { ...patch.errorRates } } : { ...patch };
}

/**
 * `settings` with `patch` on top. When the error rates would sum above 1, the
 * statuses the patch does not set shrink in proportion: the newer instruction
 * keeps the rates it asked for.
 */
export function merge(settings: FaultSettings, patch: FaultPatch): FaultSettings {
  const rates = { ...settings.errorRates };
  let own = 0;
  let others = 0;
  for (const s of ERROR_STATUSES) {
    const asked = patch.errorRates?.[s];
    if (asked !== undefined) {
      rates[s] = asked;
      own += asked;
    } else {
      others += rates[s];
    }
  }
  if (own + others > 1 && others > 0) {
    const scale = Math.max(0, 1 - own) / others;
    for (const s of ERROR_STATUSES) if (patch.errorRates?.[s] === undefined) rates[s] *= scale;
  }
  // Field by field: a key present but undefined (a sloppy caller's spread) changes nothing.
  return {
    errorRates: rates,
    latencyMultiplier: patch.latencyMultiplier ?? settings.latencyMultiplier,
    unhealthy: patch.unhealthy ?? settings.unhealthy,
    outage: patch.outage ?? settings.outage,
    streamCutRate: patch.streamCutRate ?? settings.streamCutRate,
    streamErrorRate: patch.streamErrorRate ?? settings.streamErrorRate,
    hangRate: patch.hangRate ?? settings.hangRate,
  };
}

/**
 * The fate a FORCE_HEADER value asks for.
 * @throws FaultError (code invalid_forced_fault) for any other value.
 */
export function forcedFate(forced: string, expectedTokens: number, streaming = true): RequestFate {
  const v = forced.trim().toLowerCase() as (typeof FORCED_VALUES)[number];
  if (!FORCED_VALUES.includes(v))
    throw new FaultError('invalid_forced_fault', forced, `one of ${FORCED_VALUES.join(', ')}`, FORCE_HEADER);
  if (v === 'hang') return { kind: 'hang' };
  // Half-way, without a draw: a forced cut is for tests, which want it mid-stream and repeatable.
  if (v === 'cut') return { kind: 'cut', afterTokens: Math.max(1, Math.floor(expectedTokens / 2)) };
  // vLLM answers a request that is not streamed with a 500 for the same failure.
  if (v === 'stream-error')
    return streaming
      ? { kind: 'stream-error', afterTokens: Math.floor(Math.max(1, expectedTokens) / 2) }
      : { kind: 'error', status: 500 };
  return { kind: 'error', status: Number(v) as ErrorStatus };
}
