/**
 * What the collector says about each scrape: the report of one target in
 * one round, and the structured log lines serve prints from it (one per
 * state change of a target and one per scrape with rejections; never one
 * per failure, so an outage does not flood the log).
 */

/** What happened to one target in one round. */
export interface ScrapeReport {
  /** The target URL without credentials or query. */
  url: string;
  environment: string;
  pod: string;
  kind: 'gateway' | 'vllm';
  at: number;
  /** The scrape succeeded (a 2xx response with at least one sample, within the limits). */
  ok: boolean;
  /** Why the scrape failed; never contains credentials. */
  error?: string;
  /** The sink threw; the round's numbers for this target are lost. */
  sinkError?: string;
  samples: number;
  /** Lines of the exposition that were skipped ("line N: ..."). */
  problems: string[];
  /** First good scrape of the target: counters recorded, no deltas yet. */
  baseline: boolean;
  resets: number;
  /** Rollups handed to the sink. */
  rollups: number;
  /** Series seen the first time and not known to be new: taken as baselines, not counted. */
  baselined: number;
  /** Repeated series dropped (the first sample of each kept). */
  duplicates: number;
  /** Counter samples rejected (negative, NaN, infinite, beyond 2^53): their series or histogram gave no delta. */
  rejectedSamples: number;
  /** Rollups dropped for more errors than requests. */
  rejectedRollups: number;
  /** Why each was dropped or rejected (the first few). */
  rejections: string[];
  /** Slots the deltas were spread over (more than 1 after a gap of failed scrapes). */
  slots: number;
  /** The last successful scrape (this one when ok), ms since the epoch; undefined if none yet. */
  lastOkAt: number | undefined;
  /** 'down' on the first failure after success (or at start), 'up' on the first success after failures. */
  change?: 'up' | 'down';
}

/** Reasons kept per report: enough to find the culprit, bounded against a hostile target. */
export const MAX_REJECTIONS = 20;

/** The report of a target before anything is known. */
export function blankReport(
  target: { environment: string; pod: string; kind: 'gateway' | 'vllm' },
  url: string,
  at: number,
  lastOkAt: number | undefined,
): ScrapeReport {
  return {
    url,
    environment: target.environment,
    pod: target.pod,
    kind: target.kind,
    at,
    ok: false,
    samples: 0,
    problems: [],
    baseline: false,
    resets: 0,
    rollups: 0,
    baselined: 0,
    duplicates: 0,
    rejectedSamples: 0,
    rejectedRollups: 0,
    rejections: [],
    slots: 0,
    lastOkAt,
  };
}

/**
 * The log lines of one report, as JSON (level, msg and fields): a target
 * going down (with the error and since when its data is missing) or coming
 * back (with the gap and how its counts were spread), and rejections.
 */
export function scrapeLogLines(r: ScrapeReport): string[] {
  const base = { component: 'collector', environment: r.environment, target: r.url, pod: r.pod };
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  const out: string[] = [];
  if (r.change === 'down')
    out.push(
      JSON.stringify({
        level: 'warn',
        msg: 'scrape target down',
        ...base,
        error: r.error ?? null,
        last_success: iso(r.lastOkAt),
      }),
    );
  if (r.change === 'up')
    out.push(JSON.stringify({ level: 'info', msg: 'scrape target up', ...base, spread_over_slots: r.slots }));
  if (r.duplicates + r.rejectedSamples + r.rejectedRollups > 0)
    out.push(
      JSON.stringify({
        level: 'warn',
        msg: 'scrape values rejected',
        ...base,
        duplicates: r.duplicates,
        rejected_samples: r.rejectedSamples,
        rejected_rollups: r.rejectedRollups,
        reasons: r.rejections,
      }),
    );
  if (r.sinkError !== undefined)
    out.push(JSON.stringify({ level: 'error', msg: 'store write failed', ...base, error: r.sinkError }));
  return out;
}
