/** What the engine computes for an objective, and the stable JSON of `status --json`. */

import type { ObjectiveKind } from '../spec/index.ts';

export type { ObjectiveKind };

/** Events over one window: all of them and the bad ones. */
export interface WindowCounts {
  total: number;
  bad: number;
}

export interface ErrorBudget {
  /** (1 - target) * period, in minutes. */
  total_minutes: number;
  /** bad ratio over the period * period, in minutes. */
  consumed_minutes: number;
  /** 1 - ratio / (1 - target); negative once overspent. */
  remaining_ratio: number;
  remaining_minutes: number;
}

export interface FiringAlert {
  alertname: string;
  severity: string;
  labels: Record<string, string>;
}

/** An objective's state (objectiveState in objective-state.ts says when each holds). */
export type ObjectiveState = 'ok' | 'warning' | 'breached' | 'no-data' | 'undetermined';

export interface ObjectiveStatus {
  environment: string;
  name: string;
  /** One of the spec's kinds (OBJECTIVE_KIND_FACTS says what each means). */
  kind: ObjectiveKind;
  /** Target as a share of good events (0.999), or requests/s per pod for throughput. */
  target: number;
  /** The SLI over the objective's window: good share, or the lowest pod's requests/s; null without data. */
  value: number | null;
  /** Latency and TTFT objectives: the observed quantile in seconds over the window. */
  quantile_seconds: number | null;
  /** Latency and TTFT objectives: the SLO threshold in seconds ("95 % within 3 s"); null for others. */
  threshold_seconds: number | null;
  /** Whether value meets target; null without data (no traffic is not a breach). */
  met: boolean | null;
  window: string;
  period: string | null;
  error_budget: ErrorBudget | null;
  /** Burn rate by window label ("5m", ..., "30d"); null where there was no traffic. */
  burn_rates: Record<string, number | null>;
  firing_alerts: FiringAlert[];
  /** The one verdict every surface shows (engine objectiveState). */
  state: ObjectiveState;
  /**
   * Present when the environment's collected data is stale (no scrape
   * target answered for STALE_INTERVALS intervals): since when, ISO 8601.
   * The state is then no-data, unless the period's budget is spent.
   */
  stale_since?: string;
}

/** A collector target of the environment (present only where a collector feeds the store). */
export interface ScrapeTargetStatus {
  url: string;
  kind: 'gateway' | 'vllm';
  /** The last successful scrape, ISO 8601; null if none yet. */
  last_success: string | null;
  /** When its data went stale (its last success); null while fresh. */
  stale_since: string | null;
  /** Why the last scrape failed; null when it succeeded. */
  last_error: string | null;
}

export interface EnvironmentStatus {
  environment: string;
  objectives: ObjectiveStatus[];
  /** Share of observed minutes with at least one pod up (time-based availability), null if unknown. */
  time_availability: number | null;
  /** Collector targets of the environment; present only where a collector feeds the store. */
  scrape_targets?: ScrapeTargetStatus[];
  /** Every target stale since (ISO 8601); present only where a collector feeds the store, null while fresh. */
  stale_since?: string | null;
}

export interface StatusDocument {
  generated_at: string;
  source: 'embedded' | 'prometheus';
  environments: EnvironmentStatus[];
}
