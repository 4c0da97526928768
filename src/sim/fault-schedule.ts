/**
 * Reading faults from people: a scripted schedule file (YAML, problems with
 * file:line:col) and the admin endpoint's JSON body. Both are checked with
 * zod strict objects and come back as every problem found, never a throw.
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
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { closest } from '../spec/did-you-mean.ts';
import { isDuration, parseDuration } from '../spec/duration.ts';
import { locate, locateKey } from '../spec/positions.ts';
import { describeValue, type PathSegment } from '../spec/problems.ts';
import { knownKeysAt } from '../spec/schema-walk.ts';
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

interface Found {
  path: PathSegment[];
  message: string;
  /** Set for an unknown key, which is located at the key itself. */
  unknownKey?: boolean;
  /** Set for a required key that is absent. */
  missing?: boolean;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v = data;
  for (const seg of path)
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(seg)] : undefined;
  return v;
}

/**
 * Plain messages for zod's issues: custom ones are complete, the others get
 * what was found. A required key that an unknown key is taken for ("fault"
 * for faults) is not reported missing as well: the did-you-mean says it.
 */
function explain(schema: z.ZodType, data: unknown, issues: readonly z.core.$ZodIssue[]): Found[] {
  const taken = new Set<string>();
  const found = issues.flatMap((issue): Found[] => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path, data);
      return issue.keys.map((key) => {
        const alias = ALIASES.get(key);
        const guess = alias !== undefined && known.includes(alias) ? alias : closest(key, known);
        const expected = known.length > 0 ? ` (expected one of ${known.join(', ')})` : '';
        let message = `unknown key ${JSON.stringify(key)}${expected}`;
        // A typo'd status is as likely any of its neighbours: list them rather than guess.
        if (known.length > 0 && known.every((k) => /^\d+$/.test(k)))
          message = `unknown status ${JSON.stringify(key)}${expected}`;
        else if (guess) {
          message = `unknown key ${JSON.stringify(key)}; did you mean ${JSON.stringify(guess)}?`;
          taken.add(joinPath([...path, guess]));
        }
        return { path: [...path, key], message, unknownKey: true };
      });
    }
    if (issue.code === 'custom') return [{ path, message: issue.message }];
    const value = valueAt(data, path);
    if (value === undefined) return [{ path, message: `is required: ${issue.message}`, missing: true }];
    return [{ path, message: `${issue.message}, got ${describeValue(value)}` }];
  });
  return found.filter((f) => !(f.missing && taken.has(joinPath(f.path))));
}

/** A field path as users write it: faults[2].errors.500 (status keys stay bare, as in the files). */
function joinPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[\w-]+$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

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
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) =>
      e.code === 'DUPLICATE_KEY'
        ? `${at(e.pos[0])} duplicate key: each key may appear once in a mapping`
        : `${at(e.pos[0])} invalid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
    );
    return { ok: false, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return {
      ok: false,
      problems: [`${at(0)} invalid YAML: ${err instanceof Error ? err.message : String(err)}`],
    };
  }
  if (data === null || data === undefined)
    return { ok: false, problems: [`${at(0)} the file is empty: expected a mapping with a faults list`] };
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const located = explain(fileSchema, data, parsed.error.issues).map((f) => {
      const key = f.path[f.path.length - 1];
      const pos =
        f.unknownKey && key !== undefined
          ? locateKey(doc, lines, f.path.slice(0, -1), String(key))
          : locate(doc, lines, f.path);
      const where = joinPath(f.path);
      return { pos, text: `${file}:${pos.line}:${pos.col} ${where === '' ? '' : `${where}: `}${f.message}` };
    });
    located.sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
    return { ok: false, problems: located.map((l) => l.text) };
  }
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
  const parsed = bodySchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      problems: explain(bodySchema, value, parsed.error.issues).map(
        (f) => `${joinPath([where, ...f.path].filter((s) => s !== ''))}: ${f.message}`,
      ),
    };
  const { duration: durationMs, ...rest } = parsed.data;
  const patch: FaultPatch = compact({ ...rest, errorRates: rest.errorRates && compact(rest.errorRates) });
  return { ok: true, patch, durationMs };
}
