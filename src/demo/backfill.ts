/**
 * The demo's history: a plausible month of traffic, errors, latencies and
 * pod health written straight into the store as pre-aggregated rollups, so
 * budgets, burn rates and burndown charts have content the moment the demo
 * starts. Deterministic for a seed and a `now`.
 */

import { addError, type ThresholdKind, type ThresholdSet, thresholdKey } from '../engine/index.ts';
import { type Rng, seededRng } from '../sim/index.ts';
import { emptyRollup, type Rollup, type SloStore } from '../store/index.ts';
import { dailyShare, utcDayFraction } from './daily-shape.ts';
import { DemoError } from './demo-error.ts';
import type { DemoPlan, EnvironmentPlan } from './fleet-plan.ts';
import {
  BASE_ERROR_RATIO,
  type LatencyModel,
  latencyModel,
  PAST_INCIDENTS,
  type PastIncident,
} from './history.ts';
import { addLognormal, binomial, poisson } from './sampling.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/**
 * Row periods, finest last: minutes over the last six hours (every short
 * burn-rate window and every 5m..6h window reads whole minutes), five
 * minutes back to two days (what the store keeps minutes for; smooth on a
 * day chart at 5-minute steps), hours before that (the resolution the
 * store keeps anyway: compact() rolls minutes older than its
 * keepMinutesDays, 2 by default, into hours). Minute rows throughout cost
 * three times as long (21,600 rows instead of 6,700) for detail no window
 * of the default spec reads.
 */
const TIERS: ReadonlyArray<{ olderThanMs: number; sizeMs: number }> = [
  { olderThanMs: 2 * DAY_MS, sizeMs: HOUR_MS },
  { olderThanMs: 6 * HOUR_MS, sizeMs: 5 * MINUTE_MS },
  { olderThanMs: 0, sizeMs: MINUTE_MS },
];
/** Clients that give up before the answer: about one request in a thousand. */
const CANCEL_RATIO = 0.001;

export interface BackfillOptions {
  /** Days of history before `now` (0 writes nothing). */
  days: number;
  /** End of the history (ms since the epoch; the minute holding it is left to live traffic). Default now. */
  now?: number;
  seed?: number;
  /** Factor on every rate, as the live traffic's trafficScale. Default 1. */
  scale?: number;
  /** Default PAST_INCIDENTS; those outside the history are skipped. */
  incidents?: readonly PastIncident[];
  /** Count the history exactly against these, as the store counts live requests (default none). */
  thresholds?: ThresholdSet;
}

export interface BackfillResult {
  from: number;
  to: number;
  /** Requests written (errors included, cancellations not). */
  requests: number;
  errors: number;
  /** Rollup deltas handed to the store. */
  deltas: number;
  /** Pod health samples (one per pod and minute). */
  healthSamples: number;
  /** Wall-clock time of the whole backfill, compaction included. */
  elapsedMs: number;
}

/** Conditions of one minute of one environment. */
interface Minute {
  errorRatio: number;
  latencyFactor: number;
  down: ReadonlySet<number>;
}

interface Incident extends PastIncident {
  start: number;
  end: number;
}

/** A run of minutes sharing conditions, within one row's period, for one pod. */
interface Group {
  expected: number;
  errorRatio: number;
  latencyFactor: number;
}

function conditions(at: number, base: number, incidents: readonly Incident[]): Minute {
  let errorRatio = base;
  let latencyFactor = 1;
  const down = new Set<number>();
  for (const i of incidents) {
    if (at < i.start || at >= i.end) continue;
    errorRatio += i.errorRatio ?? 0;
    latencyFactor = Math.max(latencyFactor, i.latencyFactor ?? 1);
    for (const p of i.podsDown ?? []) down.add(p);
  }
  return { errorRatio: Math.min(1, errorRatio), latencyFactor, down };
}

/**
 * Counts weighted draws against the thresholds into the rollup's exact
 * counts, as the store does for live requests, so windows reaching into
 * the history stay exact at the spec's thresholds.
 */
function thresholdCounter(r: Rollup, which: ThresholdKind, thresholds: readonly number[] | undefined) {
  if (!thresholds || thresholds.length === 0) return undefined;
  const counts = thresholds.map((t) => {
    const key = thresholdKey(which, t);
    const c = r.above.get(key) ?? { above: 0, covered: 0 };
    r.above.set(key, c);
    return [t, c] as const;
  });
  return (value: number, weight: number) => {
    for (const [t, c] of counts) {
      c.covered += weight;
      if (value > t) c.above += weight;
    }
  };
}

/** Adds `n` requests under one set of conditions to a rollup. */
function fill(
  r: Rollup,
  rng: Rng,
  n: number,
  g: Group,
  lat: LatencyModel,
  streamShare: number,
  thresholds: ThresholdSet,
): number {
  const errors = binomial(rng, n, g.errorRatio);
  const ok = n - errors;
  const streamed = binomial(rng, ok, streamShare);
  const plain = ok - streamed;
  const f = g.latencyFactor;
  r.requests += n;
  if (errors > 0) {
    // vLLM's failures are mostly 500s, a third 503s (overload, restarts).
    const unavailable = binomial(rng, errors, 1 / 3);
    if (errors - unavailable > 0) addError(r, 'server', 'internal', errors - unavailable);
    if (unavailable > 0) addError(r, 'server', 'unavailable', unavailable);
  }
  const d = thresholdCounter(r, 'duration', thresholds.duration);
  const t = thresholdCounter(r, 'ttft', thresholds.ttft);
  addLognormal(r.duration, rng, streamed, lat.streamDuration * f, lat.durationSigma, d);
  addLognormal(r.duration, rng, plain, lat.plainDuration * f, lat.durationSigma, d);
  // Failed requests are in requests and errors only: latency SLIs count successes (src/engine/outcome.ts).
  addLognormal(r.ttft, rng, streamed, lat.streamTtft * f, lat.ttftSigma, t);
  // A non-streamed request's TTFT is its whole response (DESIGN.md); failed ones have none.
  addLognormal(r.ttft, rng, plain, lat.plainDuration * f, lat.durationSigma, t);
  r.promptTokens += Math.round(ok * lat.meanPromptTokens);
  r.generationTokens += Math.round(streamed * lat.meanStreamTokens + plain * lat.meanPlainTokens);
  r.cancellations += poisson(rng, n * CANCEL_RATIO);
  return errors;
}

/** FNV-1a of a name: a stable 32-bit seed part. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Row periods over [from, to) by TIERS, aligned to their size (the first of each tier may be partial). */
function* periods(from: number, to: number): Generator<[number, number]> {
  let a = from;
  for (const tier of TIERS) {
    const until = Math.max(a, Math.floor((to - tier.olderThanMs) / tier.sizeMs) * tier.sizeMs);
    while (a < until) {
      const b = Math.min(until, (Math.floor(a / tier.sizeMs) + 1) * tier.sizeMs);
      yield [a, b];
      a = b;
    }
  }
}

function backfillEnvironment(
  store: SloStore,
  env: EnvironmentPlan,
  range: { from: number; to: number },
  rng: Rng,
  scale: number,
  incidents: readonly Incident[],
  out: BackfillResult,
  thresholds: ThresholdSet,
): void {
  const lat = latencyModel(env);
  const base = BASE_ERROR_RATIO[env.environment] ?? 0.001;
  const perMinute = env.peakRequestsPerSecond * scale * 60;
  const podCount = env.pods.length;
  for (const [a, b] of periods(range.from, range.to)) {
    // Per pod (index podCount: no pod reached, all down), the conditions met and the requests expected.
    const groups = new Map<number, Map<string, Group>>();
    const group = (pod: number, c: Minute, expected: number) => {
      const byKey = groups.get(pod) ?? new Map<string, Group>();
      groups.set(pod, byKey);
      const key = `${c.errorRatio}/${c.latencyFactor}`;
      const g = byKey.get(key);
      if (g) g.expected += expected;
      else byKey.set(key, { expected, errorRatio: c.errorRatio, latencyFactor: c.latencyFactor });
    };
    for (let m = a; m < b; m += MINUTE_MS) {
      const c = conditions(m, base, incidents);
      const expected = perMinute * dailyShare(utcDayFraction(m + MINUTE_MS / 2));
      const up = podCount - c.down.size;
      for (let i = 0; i < podCount; i++) {
        const pod = env.pods[i] ?? '';
        const isUp = !c.down.has(i);
        store.recordPodHealth(env.environment, pod, m, isUp, 60);
        out.healthSamples++;
        if (isUp) group(i, c, expected / up);
      }
      // Nothing up: the gateway answers 503 itself, with no pod label.
      if (up === 0) group(podCount, { ...c, errorRatio: 1 }, expected);
    }
    for (const [pod, byKey] of groups) {
      const rollup = emptyRollup();
      for (const g of byKey.values()) {
        const n = poisson(rng, g.expected);
        out.errors += fill(rollup, rng, n, g, lat, env.mix.streamShare, thresholds);
        out.requests += n;
      }
      if (rollup.requests === 0 && rollup.cancellations === 0) continue;
      store.add({ at: a, environment: env.environment, model: env.model, pod: env.pods[pod] ?? '', rollup });
      out.deltas++;
    }
  }
}

/**
 * Writes `days` of history ending at the minute holding `now` for every
 * environment of the plan: per pod, daily-shaped request counts (Poisson),
 * everyday and incident errors (binomial), latency and TTFT sketches from
 * the environment's log-normal latency model (stratified, so a row costs at
 * most 64 draws per distribution whatever its request count), tokens,
 * cancellations, and pod health per minute. Rows are an hour, five minutes
 * or a minute long by age (TIERS). Ends with store.compact().
 * @throws DemoError (invalid_option) for a negative or non-finite `days`.
 */
export function backfill(store: SloStore, plan: DemoPlan, o: BackfillOptions): BackfillResult {
  const started = performance.now();
  if (!(o.days >= 0 && Number.isFinite(o.days)))
    throw new DemoError('invalid_option', `backfillDays must be 0 or more, got ${o.days}`);
  const to = Math.floor((o.now ?? Date.now()) / MINUTE_MS) * MINUTE_MS;
  const from = to - Math.round(o.days * DAY_MS);
  const out: BackfillResult = { from, to, requests: 0, errors: 0, deltas: 0, healthSamples: 0, elapsedMs: 0 };
  if (from >= to) return out;
  const today = Math.floor(to / DAY_MS) * DAY_MS;
  const incidents = (o.incidents ?? PAST_INCIDENTS).map((i) => {
    const start = today + i.day * DAY_MS + i.startMinute * MINUTE_MS;
    return { ...i, start, end: start + i.durationMinutes * MINUTE_MS };
  });
  const seed = o.seed ?? 1;
  for (const env of plan.environments) {
    // One stream per environment, from its name: adding an environment does not change another's history.
    const rng = seededRng((Math.imul(seed, 7919) ^ nameHash(env.environment)) >>> 0);
    const own = incidents.filter((i) => i.environment === env.environment && i.end > from && i.start < to);
    backfillEnvironment(store, env, { from, to }, rng, o.scale ?? 1, own, out, o.thresholds ?? {});
  }
  store.compact();
  out.elapsedMs = performance.now() - started;
  return out;
}
