/**
 * The normalised spec every generator reads: durations in milliseconds,
 * targets as ratios, alert names resolved from DESIGN.md's alert contract.
 */

import type { ErrorType } from './failure-types.ts';
import { type CapacityKind, kindFacts, type RatioKind } from './objective-kinds.ts';
import type { AlertingConfig } from './schema-alerting.ts';
import type { AlertInput } from './schema-alerts.ts';
import type { MetricsConfig } from './schema-metrics.ts';
import type { Severity } from './schema-parts.ts';

export type BudgetingMethod = 'occurrences' | 'timeslices';

/**
 * What measures an environment (`environments.<env>.source`): its gateway, or
 * vLLM's own metrics (the adapter rules; `serve` scraping the pods). One per
 * environment, so no request is counted by both.
 */
export const METRIC_SOURCES = ['gateway', 'vllm'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

interface ObjectiveBase {
  name: string;
  environment: string;
  description: string | undefined;
  severity: Severity;
  /** Measurement window of the guide's tables ("5 minutes", "30 days"). */
  window: string;
  windowMs: number;
}

/** An objective with an error budget: a share of good events. */
export interface RatioObjective extends ObjectiveBase {
  kind: RatioKind;
  /** Good-event share in (0, 1): 0.999 for "99.9 %", 0.95 for "P95 < 3 s". */
  target: number;
  /** Error budget as a ratio: 1 - target. */
  budget: number;
  period: string;
  periodMs: number;
  budgetingMethod: BudgetingMethod;
  timeslice: string;
  timesliceMs: number;
  /** The share of good events that makes one timeslice good. */
  timesliceTarget: number;
  burnRateAlerts: boolean;
  /** The environment's bad error types (availability, success rate, error rate); latency kinds ignore it. */
  failureTypes: readonly ErrorType[];
  /** Latency and TTFT objectives: the quantile and its threshold. */
  quantile: number | undefined;
  thresholdSeconds: number | undefined;
}

/** A floor on requests per second per pod; no budget. */
export interface ThroughputObjective extends ObjectiveBase {
  kind: CapacityKind;
  minPerPod: number;
}

export type Objective = RatioObjective | ThroughputObjective;

/** A threshold alert with its contract name and thresholds in base units. */
export type ThresholdAlert = AlertInput & {
  name: string;
  environment: string;
  forMs: number;
};

export interface Environment {
  name: string;
  description: string | undefined;
  period: string;
  periodMs: number;
  budgetingMethod: BudgetingMethod;
  timeslice: string;
  timesliceMs: number;
  models: string[];
  pods: string[];
  podRegex: string;
  /** Error types that are bad events (spec `failureTypes`, default DEFAULT_FAILURE_TYPES). */
  failureTypes: readonly ErrorType[];
  source: MetricSource;
  objectives: Objective[];
  alerts: ThresholdAlert[];
  /** The gateway's upstream timeouts set in the spec (`gateway.timeouts`), in ms; absent when none is. */
  gatewayTimeouts?: GatewayTimeoutsSpec;
}

/** `environments.<env>.gateway.timeouts` in milliseconds; unset ones keep the gateway's defaults. */
export interface GatewayTimeoutsSpec {
  connectMs?: number;
  responseMs?: number;
  idleMs?: number;
  totalMs?: number;
}

export interface BurnWindow {
  severity: 'page' | 'ticket';
  long: string;
  longMs: number;
  short: string;
  shortMs: number;
  /** Fraction of the period's budget spent in the long window when it fires (0.02 for 2 %). */
  budgetSpent: number;
}

export interface SloSpec {
  apiVersion: string;
  metrics: MetricsConfig;
  alerting: Omit<AlertingConfig, 'burnRateWindows'> & { burnRateWindows: BurnWindow[] };
  environments: Environment[];
}

/** An objective with an error budget: its kind's measure is a ratio (objective-kinds.ts). */
export function isRatioObjective(o: Objective): o is RatioObjective {
  return kindFacts(o.kind).measure === 'ratio';
}
