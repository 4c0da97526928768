/**
 * Objective kinds of the spec. Ratio objectives (availability, error rate,
 * success rate, latency and TTFT quantiles) have an error budget and burn-rate
 * alerts; throughput has a floor and a threshold alert only.
 */
import { z } from 'zod';
import { OBJECTIVE_KINDS, type ObjectiveKind } from './objective-kinds.ts';
import { duration, latencyThreshold, MAX_PERIOD, percentOpen, quantile, severity } from './schema-parts.ts';

/** The guide's windows are 5m and up; under 1m a rate() has too few scrapes to mean anything. */
const window = duration(60_000, '1m');

const common = {
  description: z.string().optional(),
  severity,
  window,
  /** Overrides the environment's budget period for this objective. */
  period: duration(3_600_000, '1h', MAX_PERIOD).optional(),
  /** Multi-window burn-rate alerts for this objective (off where another objective has the same SLI). */
  burnRateAlerts: z.boolean().default(true),
  /** Timeslice budgeting: the share of good events a slice needs to count as good; default the target. */
  timesliceTarget: percentOpen.optional(),
};

export const availabilityObjective = z.strictObject({
  kind: z.literal('availability'),
  target: percentOpen,
  ...common,
});

export const successRateObjective = z.strictObject({
  kind: z.literal('success-rate'),
  target: percentOpen,
  ...common,
});

export const errorRateObjective = z.strictObject({
  kind: z.literal('error-rate'),
  /** Highest acceptable error percentage: "< 0.1 %" is max: 0.1. */
  max: percentOpen,
  ...common,
});

export const latencyObjective = z.strictObject({
  kind: z.literal('latency'),
  quantile,
  threshold: latencyThreshold,
  ...common,
});

export const ttftObjective = z.strictObject({
  kind: z.literal('ttft'),
  quantile,
  threshold: latencyThreshold,
  ...common,
});

export const throughputObjective = z.strictObject({
  kind: z.literal('throughput'),
  /** Requests per second each pod must sustain (guide: > 10 req/s per pod). */
  minPerPod: z
    .number({ error: 'expected a number of requests per second' })
    .positive({ error: 'must be above 0' }),
  description: z.string().optional(),
  severity,
  window,
});

export const objectiveSchema = z.discriminatedUnion(
  'kind',
  [
    availabilityObjective,
    successRateObjective,
    errorRateObjective,
    latencyObjective,
    ttftObjective,
    throughputObjective,
  ],
  { error: `must be one of ${OBJECTIVE_KINDS.join(', ')}` },
);

export type ObjectiveInput = z.output<typeof objectiveSchema>;

/** True when the two types are the same union. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * A kind of the table (objective-kinds.ts) without a schema here, or a schema
 * whose kind is not in the table, fails type-checking.
 */
export const SCHEMA_COVERS_EVERY_KIND: Same<ObjectiveInput['kind'], ObjectiveKind> = true;
