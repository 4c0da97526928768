/**
 * Where the numbers come from: one interface, answered by the embedded store
 * or by a Prometheus-compatible server, so the engine gives the same answers
 * from both.
 */
import type {
  ActiveAlert,
  ScrapeTargetRecord,
  StepSeries,
  StepWindow,
  WindowCounts,
} from '../engine/index.ts';
import type { Environment, RatioObjective } from '../spec/index.ts';

export interface SloSource {
  readonly kind: 'embedded' | 'prometheus';
  /** Good and bad events of an objective over [at - windowMs, at] (occurrences budgeting). */
  counts(env: Environment, o: RatioObjective, window: string, at: number): Promise<WindowCounts | undefined>;
  /**
   * Timeslice budgeting: slices of the objective's timeslice length over the
   * window (total) and those whose bad share exceeded 1 - timesliceTarget (bad).
   */
  slices(env: Environment, o: RatioObjective, window: string, at: number): Promise<WindowCounts | undefined>;
  /** A quantile (seconds) of request duration or TTFT over the window. */
  quantile(
    env: Environment,
    which: 'duration' | 'ttft',
    q: number,
    window: string,
    at: number,
  ): Promise<number | undefined>;
  /**
   * The quantile (seconds) per model over the window, for models with
   * observations: what the per-model latency and TTFT alert rules compare.
   */
  quantileByModel(
    env: Environment,
    which: 'duration' | 'ttft',
    q: number,
    window: string,
    at: number,
  ): Promise<Map<string, number>>;
  /** Requests per second of each pod over the window. */
  throughputByPod(env: Environment, window: string, at: number): Promise<Map<string, number>>;
  /**
   * How many of the environment's pods were up at their latest health
   * observation (embedded: in the latest minute with observations, a pod
   * seen up at all counts); undefined when no pod reports.
   */
  podsUp(env: Environment, at: number): Promise<number | undefined>;
  /** Share of the window's minutes in which at least one pod was up; undefined if never observed. */
  timeAvailability(env: Environment, window: string, at: number): Promise<number | undefined>;
  /**
   * The environment's SLI data was missing throughout the window ending at
   * `at`: the condition of VllmSLOMetricAbsent held for its `for`.
   */
  dataAbsent(env: Environment, window: string, at: number): Promise<boolean>;
  /** The good share of an objective's events in each step of the window; null where a step saw none. */
  sliSeries(env: Environment, o: RatioObjective, w: StepWindow): Promise<StepSeries>;
  /** Remaining error budget (share of the period's) over the rolling period ending at each step's end. */
  budgetSeries(env: Environment, o: RatioObjective, w: StepWindow): Promise<StepSeries>;
  /**
   * Burn rate (bad share / (1 - target), timeslices: bad slices / slices,
   * as status reports burn_rates) over each of `windows` ending at every
   * step's end, the last, partial step's at `now`; null where a window saw
   * no events. Keyed by the window as given.
   */
  burnRateSeries(
    env: Environment,
    o: RatioObjective,
    windows: readonly string[],
    w: StepWindow,
  ): Promise<Record<string, StepSeries>>;
  /** Quantiles (seconds) of request duration or TTFT in each step: one series per quantile of `qs`. */
  quantileSeries(
    env: Environment,
    which: Histogram,
    qs: readonly number[],
    w: StepWindow,
  ): Promise<StepSeries[]>;
  /** Requests and errors (every class) per second in each step. */
  rateSeries(env: Environment, w: StepWindow): Promise<RateSeries>;
  /** Requests per second of each pod in each step. */
  podRateSeries(env: Environment, w: StepWindow): Promise<Record<string, StepSeries>>;
  /** The environment's pods at their latest health observation; empty when none reports. */
  podHealth(env: Environment, at: number): Promise<PodHealth[]>;
  /**
   * The pending and firing alerts of a source that evaluates the generated
   * rules itself (Prometheus); absent where vllm-slo's alert loop does.
   */
  alerts?(): Promise<{ firing: ActiveAlert[]; pending: ActiveAlert[] }>;
  /** The collector's targets and their last scrapes (embedded); none where nothing is collected. */
  scrapeTargets?(): Promise<ScrapeTargetRecord[]>;
}

/** The histograms whose quantiles a source answers: request duration and time to first token. */
export type Histogram = 'duration' | 'ttft';

/** Requests and errors per second in each step of a window. */
export interface RateSeries {
  requests: StepSeries;
  errors: StepSeries;
}

/** A pod as its health metric (vllm_pod_up) or the store's health tallies last saw it. */
export interface PodHealth {
  pod: string;
  up: boolean;
}

/**
 * The counts of a window as every source reports them: undefined when it saw
 * no events (no data, which the engine must not read as 0 % bad), else the
 * total and the bad count, missing or negative bad read as 0 (an increase()
 * of a counter can extrapolate a hair below zero).
 */
export function windowCounts(total: number | undefined, bad: number | undefined): WindowCounts | undefined {
  if (total === undefined || !(total > 0)) return undefined;
  return { total, bad: Math.max(0, bad ?? 0) };
}

/** A source that cannot answer: unreachable, a failed query, a broken file. */
export class SourceError extends Error {
  readonly code: string;
  constructor(
    code: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.code = code;
    this.name = 'SourceError';
  }
}
