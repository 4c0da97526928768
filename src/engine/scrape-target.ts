/**
 * A scrape target as the collector leaves it in the store, and when its
 * data is stale (issue 17: with the only target unreachable for 60 s,
 * `status` said every objective was OK). Here, beside objectiveState,
 * because "is there data to judge" is the engine's question; the collector
 * writes these records and the store keeps them, so both import them from
 * here.
 */

/** One target's last scrape and the counter values the next one is differenced against. */
export interface ScrapeTargetRecord {
  /** `${kind} ${environment} ${url}`: what identifies the target across restarts. */
  target: string;
  environment: string;
  /** The /metrics URL without credentials or query. */
  url: string;
  kind: 'gateway' | 'vllm';
  /** The collector's scrape interval (ms); staleness is counted in these. */
  intervalMs: number;
  lastAttemptAt: number;
  /** The last successful scrape (ms since the epoch); undefined if none yet. */
  lastOkAt: number | undefined;
  /** Why the last attempt failed; undefined when it succeeded. */
  lastError: string | undefined;
  /** The counter state (JSON, the collector's CounterState) after the last good scrape. */
  counters: string | undefined;
}

/**
 * Scrape intervals without a successful scrape after which a target's data
 * is stale. Three tolerates two failed scrapes in a row (a blip) without
 * flapping, and at the usual 15 s interval says "stale" within 45 s, well
 * inside the shortest burn window (5m); Prometheus marks a series stale at
 * the first failed scrape but looks back 5 minutes for a value.
 */
export const STALE_INTERVALS = 3;

/**
 * When the target's data went stale (its last good scrape), or undefined if
 * fresh. A target that never answered has no data at all: stale, reported
 * since its latest attempt (nothing earlier is stored).
 */
export function targetStaleSince(t: ScrapeTargetRecord, now: number): number | undefined {
  if (t.lastOkAt === undefined) return t.lastAttemptAt;
  return now - t.lastOkAt > STALE_INTERVALS * t.intervalMs ? t.lastOkAt : undefined;
}

/**
 * When an environment's collected data went stale: every one of its targets
 * is stale (the earliest last good scrape among them); undefined when any
 * is fresh or the environment has no targets (fed in-process by a gateway).
 * A target that is stale while others are fresh is reported, not judged: a
 * pod that is down is a pod state, and the fresh targets still count.
 */
export function environmentStaleSince(
  targets: readonly ScrapeTargetRecord[],
  environment: string,
  now: number,
): number | undefined {
  const own = targets.filter((t) => t.environment === environment);
  if (own.length === 0) return undefined;
  let earliest: number | undefined;
  for (const t of own) {
    const since = targetStaleSince(t, now);
    if (since === undefined) return undefined;
    earliest = earliest === undefined ? since : Math.min(earliest, since);
  }
  return earliest;
}
