/**
 * The whole SLO spec (apiVersion vllm-slo/v1): metrics, alerting and
 * environments. Parsing with this schema gives the raw input with defaults
 * filled; `normalize` turns it into the model the generators use.
 */
import { z } from 'zod';
import { DEFAULT_FAILURE_TYPES, ERROR_TYPES } from './failure-types.ts';
import { METRIC_SOURCES } from './model.ts';
import { podUrl } from './pod-urls.ts';
import { alertingSchema } from './schema-alerting.ts';
import { alertSchema } from './schema-alerts.ts';
import { metricsSchema } from './schema-metrics.ts';
import { objectiveSchema } from './schema-objectives.ts';
import { duration, labelRegex, MAX_PERIOD } from './schema-parts.ts';

export const API_VERSION = 'vllm-slo/v1';

/** Node's timers hold at most 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;
const timeout = duration(1, '1ms', { ms: MAX_TIMER_MS, text: '24d' });

/** The gateway's upstream timeouts (README, "Failure semantics"); unset ones keep the gateway's defaults. */
const gatewaySchema = z.strictObject({
  timeouts: z
    .strictObject({
      connect: timeout.optional(),
      response: timeout.optional(),
      idle: timeout.optional(),
      total: timeout.optional(),
    })
    .optional(),
});

export const environmentSchema = z.strictObject({
  description: z.string().optional(),
  /** Error-budget period (rolling). The guide: 30 days in production, 7 days elsewhere. */
  period: duration(3_600_000, '1h', MAX_PERIOD).default('30d'),
  budgetingMethod: z
    .enum(['occurrences', 'timeslices'], { error: 'must be occurrences or timeslices' })
    .default('occurrences'),
  /** Slice length for timeslice budgeting. */
  timeslice: duration(60_000, '1m').default('1m'),
  /** Models the pods serve; the gateway keeps the model label to these (plus what /v1/models lists). */
  models: z.array(z.string().min(1)).default([]),
  /** Pod URLs for the gateway and collector (later: `vllm-slo gateway`, `serve`). */
  pods: z.array(podUrl).default([]),
  /** Matches this environment's pods in kube-state-metrics, cAdvisor, DCGM and vLLM's own metrics. */
  podRegex: labelRegex,
  /** Error types that are bad events of availability, success rate and error rate (README, "What counts as a failure"). */
  failureTypes: z
    .array(z.enum(ERROR_TYPES, { error: `must be one of ${ERROR_TYPES.join(', ')}` }))
    .min(1, { error: `must list at least one of ${ERROR_TYPES.join(', ')}` })
    .default([...DEFAULT_FAILURE_TYPES]),
  objectives: z.record(z.string(), objectiveSchema),
  alerts: z.array(alertSchema).default([]),
  /** What measures it: its gateway (exact at every threshold) or vLLM's own metrics (the adapter). */
  source: z.enum(METRIC_SOURCES, { error: `must be ${METRIC_SOURCES.join(' or ')}` }).default('gateway'),
  gateway: gatewaySchema.optional(),
});

export const specSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, { error: `must be ${API_VERSION}` }),
  metrics: metricsSchema.prefault({}),
  alerting: alertingSchema,
  environments: z.record(z.string(), environmentSchema),
});

export type SpecInput = z.output<typeof specSchema>;
export type EnvironmentInput = z.output<typeof environmentSchema>;
