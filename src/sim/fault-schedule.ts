/**
 * Reading faults from people: a scripted schedule file (YAML, problems with
 * file:line:col) and the admin endpoint's JSON body. Both are checked with
 * zod strict objects by the spec's pipeline (its YAML limits and wording) and
 * come back as every problem found, never a throw.
 *
 * ```yaml
 * faults:
 *   - at: 5m           # from the start of the run
 *     for: 2m
 *     errors: { 500: 0.2, 503: 0.05 }
 *   - { at: 10m, for: 1m, latency: 5 }
 *   - { at: 12m, for: 30s, outage: true }
 * ```
 */
import { z } from 'zod';
import {
  describeValue,
  formatPath,
  type IssueWording,
  isDuration,
  parseDuration,
  parseValueAs,
  parseYamlAs,
  problemLine,
} from '../spec/index.ts';
import { MAX_TIMER_MS, MAX_TIMER_TEXT } from './clock.ts';
import { ERROR_STATUSES, type FaultPatch, RATE_SUM_SLACK, type ScheduledFault } from './faults.ts';

export { FaultError } from './faults.ts';

const DURATION = 'a duration like 30s, 5m or 1h30m';
/** Longer waits would end after 1 ms (clock.ts, MAX_TIMER_MS). */
const TOO_LONG = `must be at most ${MAX_TIMER_TEXT} (2^31 - 1 ms, the longest a timer can wait)`;
const timerMs = z.number().max(MAX_TIMER_MS, { error: TOO_LONG });
const BETWEEN = 'must be between 0 and 1';
const rate = z
  .number({ error: 'expected a probability between 0 and 1' })
  .min(0, { error: BETWEEN })
  .max(1, { error: BETWEEN });
const multiplier = z.number({ error: 'expected a factor like 5' }).gt(0, { error: 'must be above 0' });
const flag = z.boolean({ error: 'expected true or false' });

const errorRates = z
  .strictObject(Object.fromEntries(ERROR_STATUSES.map((s) => [String(s), rate.optional()])), {
    error: 'expected a mapping of status to probability, like { 500: 0.2 }',
  })
  .refine((rates) => rateSum(rates) <= 1 + RATE_SUM_SLACK, {
    error: (iss) => `the rates sum to ${+rateSum(iss.input).toFixed(6)}: must be at most 1`,
    when: clean,
  });

function rateSum(rates: unknown): number {
  return Object.values(rates ?? {}).reduce<number>((a, v) => a + (typeof v === 'number' ? v : 0), 0);
}

/** Whole-object checks run only on an otherwise valid object: no "sets no fault" beside a typo'd key. */
function clean(payload: { issues: readonly unknown[] }): boolean {
  return payload.issues.length === 0;
}

/** A duration string in ms; `what` is said when it is missing. */
function duration(what: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? what : `expected ${DURATION}`) })
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected ${DURATION}, got ${JSON.stringify(text)}` });
        return z.NEVER;
      }
    });
}

const FILE_FAULTS = ['errors', 'latency', 'unhealthy', 'outage', 'streamCut', 'streamError', 'hang'] as const;
const entrySchema = z
  .strictObject(
    {
      at: duration('when the fault starts, a duration from the start of the run like 5m').pipe(timerMs),
      for: duration(`how long the fault lasts, ${DURATION}`).pipe(
        timerMs.gt(0, { error: 'must be longer than 0s' }),
      ),
      errors: errorRates.optional(),
      latency: multiplier.optional(),
      unhealthy: flag.optional(),
      outage: flag.optional(),
      streamCut: rate.optional(),
      streamError: rate.optional(),
      hang: rate.optional(),
    },
    { error: 'expected a mapping like { at: 5m, for: 2m, latency: 5 }' },
  )
  .refine((e) => FILE_FAULTS.some((k) => e[k] !== undefined), {
    error: `sets no fault: add one of ${FILE_FAULTS.join(', ')}`,
    when: clean,
  });
const fileSchema = z.strictObject(
  {
    faults: z.array(entrySchema, {
      error: 'expected a list of faults, like - { at: 5m, for: 2m, latency: 5 }',
    }),
  },
  { error: 'expected a mapping with a faults list' },
);

const BODY_DURATION = 'a duration like "2m" or a number of seconds';
const bodySchema = z
  .strictObject(
    {
      errorRates: errorRates.optional(),
      latencyMultiplier: multiplier.optional(),
      unhealthy: flag.optional(),
      outage: flag.optional(),
      streamCutRate: rate.optional(),
      streamErrorRate: rate.optional(),
      hangRate: rate.optional(),
      // Absent or null: a lasting change. Seconds as a number, as curl users type them.
      duration: z
        .unknown()
        .transform((v, ctx): number | undefined => {
          if (v === undefined || v === null) return undefined;
          const ms =
            typeof v === 'number'
              ? v * 1000
              : typeof v === 'string' && isDuration(v)
                ? parseDuration(v)
                : undefined;
          if (ms === undefined || !Number.isFinite(ms)) {
            ctx.addIssue({ code: 'custom', message: `expected ${BODY_DURATION}, got ${describeValue(v)}` });
          } else if (ms <= 0) {
            ctx.addIssue({ code: 'custom', message: `must be longer than 0s, got ${describeValue(v)}` });
          } else if (ms > MAX_TIMER_MS) {
            ctx.addIssue({ code: 'custom', message: `${TOO_LONG}, got ${describeValue(v)}` });
          }
          return ms;
        })
        .optional(),
    },
    { error: 'expected a JSON object like {"errorRates": {"500": 0.2}, "duration": "2m"}' },
  )
  .refine((b) => Object.entries(b).some(([k, v]) => k !== 'duration' && v !== undefined), {
    error:
      'sets no fault: add one of errorRates, latencyMultiplier, unhealthy, outage, streamCutRate, streamErrorRate, hangRate',
    when: clean,
  });

/** The file's names for the body's keys; a key from the wrong one is pointed at the right one. */
const FILE_NAMES = {
  errorRates: 'errors',
  latencyMultiplier: 'latency',
  streamCutRate: 'streamCut',
  streamErrorRate: 'streamError',
  hangRate: 'hang',
};
const ALIASES = new Map(
  Object.entries({ ...FILE_NAMES, duration: 'for' }).flatMap(([body, file]) => [
    [body, file],
    [file, body],
  ]),
);

/** Status keys stay bare in field paths, as in the files: faults[2].errors.500. */
const PLAIN_KEY = /^[\w-]+$/;

const wording: IssueWording = {
  unknownKey(key, known) {
    // A typo'd status is as likely any of its neighbours: list them rather than guess.
    if (known.length > 0 && known.every((k) => /^\d+$/.test(k)))
      return { message: `unknown status ${JSON.stringify(key)} (expected one of ${known.join(', ')})` };
    const alias = ALIASES.get(key);
    return alias !== undefined && known.includes(alias) ? { intended: alias } : undefined;
  },
  // Custom messages say what they found ("the rates sum to 1.2"); "got a mapping" adds nothing.
  customMessagesComplete: true,
};

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Parses a fault schedule file. `file` is only used in messages, which read
 * "file:line:col path: message", sorted by position. Never throws.
 */
export function parseFaultSchedule(
  text: string,
  file: string,
): { ok: true; schedule: ScheduledFault[] } | { ok: false; problems: string[] } {
  const parsed = parseYamlAs(text, file, fileSchema, {
    ...wording,
    what: 'a fault schedule',
    empty: 'expected a mapping with a faults list',
    topLevel: 'expected a mapping with a faults list',
  });
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => problemLine(p, PLAIN_KEY)) };
  const schedule = parsed.data.faults.map(
    (e): ScheduledFault => ({
      atMs: e.at,
      durationMs: e.for,
      patch: compact({
        errorRates: e.errors && compact(e.errors),
        latencyMultiplier: e.latency,
        unhealthy: e.unhealthy,
        outage: e.outage,
        streamCutRate: e.streamCut,
        streamErrorRate: e.streamError,
        hangRate: e.hang,
      }),
    }),
  );
  return { ok: true, schedule };
}

/**
 * Parses the admin endpoint's JSON body, e.g. {"errorRates": {"500": 0.2},
 * "duration": "2m"}; `where` names it in messages ("body.errorRates.500: must
 * be between 0 and 1, got 2"). Without a duration the change lasts. Never throws.
 */
export function parseFaultPatch(
  value: unknown,
  where: string,
): { ok: true; patch: FaultPatch; durationMs: number | undefined } | { ok: false; problems: string[] } {
  const parsed = parseValueAs(value, bodySchema, wording);
  if (!parsed.ok)
    return {
      ok: false,
      problems: parsed.problems.map(
        (p) =>
          `${formatPath(
            [where, ...p.path].filter((s) => s !== ''),
            PLAIN_KEY,
          )}: ${p.message}`,
      ),
    };
  const { duration: durationMs, ...rest } = parsed.data;
  const patch: FaultPatch = compact({ ...rest, errorRates: rest.errorRates && compact(rest.errorRates) });
  return { ok: true, patch, durationMs };
}
