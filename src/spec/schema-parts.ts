/**
 * Small reusable zod schemas for the SLO spec: durations, percentages,
 * severities, metric and label names. Each carries the message a user sees
 * when the value is wrong, so validate's output reads as plain English.
 */
import { z } from 'zod';
import { isDuration, parseDuration } from './duration.ts';

/** Severities in order of urgency; the DESIGN's alert contract uses these four. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severity = z.enum(SEVERITIES, {
  error: `must be one of ${SEVERITIES.join(', ')}`,
});

/** A duration string, at least `minMs` long. */
export function duration(minMs = 0, minText = '0s') {
  return z
    .string({ error: 'expected a duration like 5m, 1h or 30d' })
    .refine(isDuration, { error: 'expected a duration like 30s, 5m, 1h, 30d or 1h30m' })
    .refine((s) => !isDuration(s) || parseDuration(s) >= minMs, {
      error: `must be at least ${minText}`,
    });
}

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

/** A quantile strictly inside (0, 1), as histogram_quantile takes it. */
export const quantile = z
  .number({ error: 'expected a number between 0 and 1, e.g. 0.95' })
  .gt(0, { error: 'must be above 0 and below 1 (e.g. 0.95 for P95)' })
  .lt(1, { error: 'must be above 0 and below 1 (e.g. 0.95 for P95)' });

/** Prometheus metric name: [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus data model). */
export const metricName = z.string({ error: 'expected a metric name' }).regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, {
  error: 'must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)',
});

/** Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved). */
export const labelName = z
  .string({ error: 'expected a label name' })
  .regex(/^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/, {
    error: 'must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)',
  });

/** A RE2 regular expression used as a label matcher value. */
export const labelRegex = z.string({ error: 'expected a regular expression' }).refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be a valid regular expression' },
);

/** Names of environments and objectives: they become label values and Kubernetes object names. */
export const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const NAME_RULE = 'lowercase letters, digits and "-", starting and ending with a letter or digit';

/** A path to a file holding a secret; never the secret itself. */
export const secretFile = z
  .string({ error: 'expected a file path' })
  .regex(/^\//, { error: 'must be an absolute path to a file holding the secret' });
