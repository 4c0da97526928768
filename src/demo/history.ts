/**
 * What the backfilled month looks like: each environment's everyday error
 * rate, the past incidents that spent part of its budget, and the latency
 * distributions, derived from the simulator's profiles and the request mix
 * so the history and the live traffic look alike on one chart.
 */
import type { EnvironmentPlan } from './fleet-plan.ts';

/** A past incident, anchored to UTC clock time so its weight in the budget does not depend on when the demo runs. */
export interface PastIncident {
  name: string;
  environment: string;
  /** UTC day relative to today: -3 is the day that began three midnights ago. */
  day: number;
  /** Start, in minutes after that day's midnight (UTC). */
  startMinute: number;
  durationMinutes: number;
  /** Share of requests failing while it lasts (on top of the everyday rate). */
  errorRatio?: number;
  /** Factor on every request's latency while it lasts. */
  latencyFactor?: number;
  /** Pods (indexes) down while it lasts: health probes fail and the others take their traffic. */
  podsDown?: readonly number[];
}

/**
 * Everyday share of failing requests: the steady trickle of 5xx a real
 * fleet shows (OOMs, restarts), below each objective. Production's 0.03 %
 * spends 30 % of its 99.9 % budget over the period, staging's 0.15 % 15 %
 * of its 99 %, development's 1 % a fifth of its 95 %. A steady burn rate
 * stays under 0.23: the default spec's 3d/6h ticket pair, scaled to a 7-day
 * period, fires above 0.1 * 7 d / 3 d = 0.233 (a steady burn below 1 never
 * exhausts a budget, so that ticket is noisy for 7-day periods), and the
 * demo should start with no alert firing.
 */
export const BASE_ERROR_RATIO: Readonly<Record<string, number>> = {
  production: 0.0003,
  staging: 0.0015,
  development: 0.01,
};

/**
 * Past incidents. With the daily shape (peak-to-mean 1.54), production's two
 * error incidents spend about 15 minute-equivalents of full failure: 30 min
 * at 20 % at 14:10 (rate 0.96 of peak) and 12 min at 60 % at 09:20 (0.59),
 * about 35 % of its 43.2-minute budget; with the everyday rate, about a third
 * of the 30-day budget is left when the demo starts. Staging's two recent
 * ones (45 min at 35 % at 10:30, 90 min at 35 % at the afternoon peak) spend
 * about two thirds of its 7-day budget, so about a fifth is left. The latency slowdown and the
 * pod crash spend latency budget and per-pod uptime, not availability.
 */
export const PAST_INCIDENTS: readonly PastIncident[] = [
  {
    name: 'config push',
    environment: 'production',
    day: -23,
    startMinute: 850,
    durationMinutes: 30,
    errorRatio: 0.2,
  },
  {
    name: 'GPU thermal throttling',
    environment: 'production',
    day: -12,
    startMinute: 1150,
    durationMinutes: 40,
    latencyFactor: 2.2,
  },
  {
    name: 'pod OOM-killed',
    environment: 'production',
    day: -6,
    startMinute: 200,
    durationMinutes: 20,
    podsDown: [1],
  },
  {
    name: 'failed rollout',
    environment: 'production',
    day: -3,
    startMinute: 560,
    durationMinutes: 12,
    errorRatio: 0.6,
  },
  {
    name: 'expired token',
    environment: 'staging',
    day: -17,
    startMinute: 600,
    durationMinutes: 120,
    errorRatio: 0.5,
  },
  {
    name: 'bad model config',
    environment: 'staging',
    day: -5,
    startMinute: 630,
    durationMinutes: 45,
    errorRatio: 0.35,
  },
  {
    name: 'broken deploy',
    environment: 'staging',
    day: -2,
    startMinute: 960,
    durationMinutes: 90,
    errorRatio: 0.35,
  },
  {
    name: 'node drained',
    environment: 'development',
    day: -4,
    startMinute: 720,
    durationMinutes: 120,
    podsDown: [0],
    errorRatio: 1,
  },
];

/** Log-normal medians (seconds) and sigmas of one environment's latencies. */
export interface LatencyModel {
  streamDuration: number;
  plainDuration: number;
  streamTtft: number;
  durationSigma: number;
  ttftSigma: number;
  /** Mean tokens per request, for the token counters. */
  meanPromptTokens: number;
  meanStreamTokens: number;
  meanPlainTokens: number;
}

/** Batch the pods typically run at the demo's rates (Little's law: about 2 req/s per pod times 1.5 s). */
const TYPICAL_BATCH = 4;

/**
 * The latency model of an environment from its profile (src/sim/profiles.ts)
 * and request mix: API overhead, one prefill step of the median prompt, and
 * a decode step per output token at a typical batch, at the middle of the
 * max_tokens range. Sigma 0.3 puts about 1 % of production's streamed
 * answers above 3 s (its P95 objective allows 5 %).
 */
export function latencyModel(plan: EnvironmentPlan): LatencyModel {
  const p = plan.profile;
  const m = plan.mix;
  const step = p.decodeBaseMs + p.decodePerSeqMs * TYPICAL_BATCH;
  const first = p.apiOverheadMs + p.prefillOverheadMs + p.prefillPerTokenMs * m.promptMedianTokens + step;
  const mid = (r: readonly [number, number]) => (r[0] + r[1]) / 2;
  return {
    streamDuration: (first + step * (mid(m.streamMaxTokens) - 1)) / 1000,
    plainDuration: (first + step * (mid(m.plainMaxTokens) - 1)) / 1000,
    streamTtft: first / 1000,
    durationSigma: 0.3,
    ttftSigma: 0.35,
    meanPromptTokens: m.promptMedianTokens * Math.exp((m.promptSigma * m.promptSigma) / 2),
    // Some answers end (EOS) before max_tokens.
    meanStreamTokens: 0.9 * mid(m.streamMaxTokens),
    meanPlainTokens: mid(m.plainMaxTokens),
  };
}
