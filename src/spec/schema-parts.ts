/**
 * Small reusable zod schemas for the SLO spec: durations, percentages,
 * severities, metric and label names. Each carries the message a user sees
 * when the value is wrong, so validate's output reads as plain English.
 */
import { RE2JS } from 're2js';
import { z } from 'zod';
import { DURATION_RANGE, DurationError, parseDuration } from './duration.ts';

/** Severities in order of urgency; the DESIGN's alert contract uses these four. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severity = z.enum(SEVERITIES, {
  error: `must be one of ${SEVERITIES.join(', ')}`,
});

/** A duration string, at least `minMs` long, at most `max` (and never beyond Prometheus's range). */
export function duration(minMs = 0, minText = '0s', max?: { ms: number; text: string }) {
  return z.string({ error: 'expected a duration like 5m, 1h or 30d' }).superRefine((s, ctx) => {
    let ms: number;
    try {
      ms = parseDuration(s);
    } catch (err) {
      const outOfRange = err instanceof DurationError && err.code === 'duration_out_of_range';
      ctx.addIssue({
        code: 'custom',
        message: outOfRange
          ? `duration out of range: must be ${DURATION_RANGE}`
          : 'expected a duration like 30s, 5m, 1h, 30d or 1h30m',
      });
      return;
    }
    if (ms < minMs) ctx.addIssue({ code: 'custom', message: `must be at least ${minText}` });
    else if (max && ms > max.ms) ctx.addIssue({ code: 'custom', message: `must be at most ${max.text}` });
  });
}

/**
 * The longest error-budget period: a year. The SRE Workbook's periods are
 * weeks to a quarter (ch. 5); past a year no Prometheus retention holds the
 * data, and the burn-rate windows scaled to a period near Prometheus's
 * 292-year limit would round past it.
 */
export const MAX_PERIOD = { ms: 365 * 24 * 3600 * 1000, text: '1y' } as const;

/** "2.1s", "500ms", "1.5m": latency thresholds may have decimals, unlike range durations. */
export const LATENCY_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

/** A latency threshold: "3s", "2.1s", "500ms", or a number of seconds. */
export const latencyThreshold = z.union(
  [
    z.number().positive(),
    z
      .string()
      .regex(LATENCY_PATTERN)
      .refine((s) => Number.parseFloat(s) > 0),
  ],
  { error: 'expected a latency like 500ms, 2.1s or 3s, or a positive number of seconds' },
);

/** A percentage strictly between 0 and 100 (a target of 100 % leaves no error budget). */
export const percentOpen = z
  .number({ error: 'expected a number (percent)' })
  .gt(0, { error: 'must be above 0 and below 100' })
  .lt(100, { error: 'must be above 0 and below 100' });

/** A percentage in [0, 100]. */
export const percentClosed = z
  .number({ error: 'expected a number (percent)' })
  .min(0, { error: 'must be between 0 and 100' })
  .max(100, { error: 'must be between 0 and 100' });

/** Decimal places a quantile may have: 0.99999 is P99.999, the finest tag alert names can spell. */
const QUANTILE_DECIMALS = 5;
const QUANTILE_RULE = `must be between 0.5 and 0.99999 with at most ${QUANTILE_DECIMALS} decimals (e.g. 0.95 for P95, 0.999 for P99.9)`;

/**
 * A latency quantile as histogram_quantile takes it, limited so its alert
 * name is unique and reads as the percentile (alert-names.ts): from the
 * median (P50) up, at most 5 decimals. Below 0.1 the tag loses a digit
 * (0.05 -> P5, 0.055 -> P55 like 0.55), past 5 decimals it rounds into its
 * neighbour (0.999999 -> P100), and 5e-324 was VllmLatencyP0High.
 */
export const quantile = z.number({ error: 'expected a number between 0.5 and 1, e.g. 0.95' }).refine(
  (q) => {
    const scaled = q * 10 ** QUANTILE_DECIMALS;
    return q >= 0.5 && q < 1 && Math.abs(scaled - Math.round(scaled)) < 1e-6;
  },
  { error: QUANTILE_RULE },
);

/**
 * Longest metric or label name accepted. Prometheus sets none by default
 * (label_name_length_limit 0 means unlimited), but every name is repeated in
 * many generated rules and dashboards: a 20 MB name took generate 16 s and
 * 5 MB made 296 MB of files. The longest names of vLLM, kube-state-metrics and
 * DCGM are under 70 characters; 200 leaves room for any real exporter.
 */
export const MAX_NAME_LENGTH = 200;
const tooLong = { error: `must be at most ${MAX_NAME_LENGTH} characters` };

/** Prometheus metric name: [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus data model). */
export const metricName = z
  .string({ error: 'expected a metric name' })
  .max(MAX_NAME_LENGTH, tooLong)
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, {
    error: 'must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)',
  });

/** Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved). */
export const labelName = z
  .string({ error: 'expected a label name' })
  .max(MAX_NAME_LENGTH, tooLong)
  .regex(/^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/, {
    error: 'must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)',
  });

/** Longest label regex: a pod regex is a name pattern; the limit keeps every rule it is copied into small. */
const MAX_REGEX_LENGTH = 1000;

/**
 * Offset of a `(?<name>` group outside a character class, or -1. Go's regexp accepts that form only
 * since Go 1.22; Prometheus 2.x builds (Debian's 2.42 among them) refuse it ("invalid or unsupported
 * Perl syntax: `(?<`"), while `(?P<name>` works everywhere, so only that form is taken.
 */
function bareNamedGroup(pattern: string): number {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (pattern.startsWith('(?<', i) && !'=!'.includes(pattern[i + 3] ?? '=')) return i;
  }
  return -1;
}

/** Why RE2 (Go's regexp syntax, which Prometheus matchers use) refuses a pattern, or undefined. */
export function re2Problem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).replace(/^error parsing regexp: /, '');
  }
  const at = bareNamedGroup(pattern);
  if (at >= 0)
    return `named group at offset ${at}: write (?P<name>...), which every Prometheus version accepts ((?<name>...) needs one built with Go 1.22 or later)`;
  return undefined;
}

/**
 * A label matcher regex. Prometheus compiles it with Go's regexp (RE2
 * syntax), which has no lookaround or backreferences: checked with re2js, a
 * port of RE2, so a JavaScript-only pattern is refused here, not by Prometheus.
 */
export const labelRegex = z
  .string({ error: 'expected a regular expression' })
  .max(MAX_REGEX_LENGTH, { error: `must be at most ${MAX_REGEX_LENGTH} characters` })
  .superRefine((s, ctx) => {
    const why = re2Problem(s);
    if (why !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `must be an RE2 regular expression, as Prometheus uses: ${why}`,
      });
  });

/** Names of environments and objectives: they become label values and Kubernetes object names. */
export const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const NAME_RULE = 'lowercase letters, digits and "-", starting and ending with a letter or digit';

/** A path to a file holding a secret; never the secret itself. */
export const secretFile = z
  .string({ error: 'expected a file path' })
  .regex(/^\//, { error: 'must be an absolute path to a file holding the secret' });
