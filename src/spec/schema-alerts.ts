/**
 * Threshold alerts of an environment. Each type maps to one alert name of
 * DESIGN.md's alert contract; the default spec fills production's from that
 * table and the other environments' from their own SLO tables in the guide.
 */
import { z } from 'zod';
import {
  duration,
  latencyThreshold,
  percentClosed,
  percentOpen,
  quantile,
  severity,
} from './schema-parts.ts';

const forDuration = duration(0, '0s');
const rateWindow = duration(60_000, '1m');

const base = { severity, for: forDuration.default('5m'), description: z.string().optional() };

export const ALERT_TYPES = [
  'availability-low',
  'error-rate-high',
  'latency-high',
  'ttft-high',
  'all-pods-down',
  'error-budget-low',
  'burn-rate-high',
  'throughput-low',
  'gpu-utilization-high',
  'latency-regression',
] as const;

export const alertSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('availability-low'),
      below: percentOpen,
      window: rateWindow.default('5m'),
      ...base,
    }),
    z.strictObject({
      type: z.literal('error-rate-high'),
      above: percentOpen,
      window: rateWindow.default('5m'),
      ...base,
    }),
    z.strictObject({
      type: z.literal('latency-high'),
      quantile,
      above: latencyThreshold,
      window: rateWindow.default('5m'),
      ...base,
    }),
    z.strictObject({
      type: z.literal('ttft-high'),
      quantile,
      above: latencyThreshold,
      window: rateWindow.default('5m'),
      ...base,
    }),
    z.strictObject({ type: z.literal('all-pods-down'), ...base, for: forDuration.default('1m') }),
    z.strictObject({
      type: z.literal('error-budget-low'),
      objective: z.string(),
      /** Fires when less than this percentage of the period's budget is left. */
      remainingBelow: percentClosed,
      ...base,
      for: forDuration.default('15m'),
    }),
    z.strictObject({
      type: z.literal('burn-rate-high'),
      objective: z.string(),
      above: z.number({ error: 'expected a burn rate, e.g. 2' }).positive({ error: 'must be above 0' }),
      window: rateWindow.default('1h'),
      ...base,
      // The window is the duration: a `for` on top would page 5 minutes after the hour is over.
      for: forDuration.default('0s'),
    }),
    z.strictObject({
      type: z.literal('throughput-low'),
      perPodBelow: z.number({ error: 'expected requests per second' }).positive({ error: 'must be above 0' }),
      window: rateWindow.default('5m'),
      ...base,
    }),
    z.strictObject({
      type: z.literal('gpu-utilization-high'),
      above: percentClosed,
      ...base,
      for: forDuration.default('10m'),
    }),
    z.strictObject({
      type: z.literal('latency-regression'),
      quantile: quantile.default(0.95),
      /** The P95 measured when performance was known good (guide: "baseline P95 = 2.1s"). */
      baseline: latencyThreshold,
      /** current / baseline above this fires; the guide uses 1.2 (a 20 % regression). */
      ratioAbove: z.number({ error: 'expected a ratio, e.g. 1.2' }).gt(1, { error: 'must be above 1' }),
      window: rateWindow.default('5m'),
      ...base,
      for: forDuration.default('10m'),
    }),
  ],
  { error: `must be one of ${ALERT_TYPES.join(', ')}` },
);

export type AlertInput = z.output<typeof alertSchema>;
export type AlertType = (typeof ALERT_TYPES)[number];
