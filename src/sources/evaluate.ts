/**
 * The status of every objective of a spec at a moment, from any source:
 * queries each window the objective needs, then hands the counts to the
 * engine's pure functions.
 */
import {
  burnSeverity,
  type EnvironmentStatus,
  environmentStaleSince,
  type ObjectiveStatus,
  ratioObjectiveStatus,
  type ScrapeTargetRecord,
  type ScrapeTargetStatus,
  type StatusDocument,
  targetStaleSince,
  throughputStatus,
  type WindowCounts,
  withState,
} from '../engine/index.ts';
import type { Environment, RatioObjective, SloSpec } from '../spec/index.ts';
import { isRatioObjective, objectiveBurnWindows, thresholdHistogram } from '../spec/index.ts';
import type { SloSource } from './source.ts';

/** Burn-rate windows reported by status (issue 5): 5m, 30m, 1h, 2h, 6h, 1d, 3d and the period. */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

async function objectiveStatus(
  spec: SloSpec,
  source: SloSource,
  env: Environment,
  o: RatioObjective,
  at: number,
) {
  const pairs = objectiveBurnWindows(spec, o);
  // The display windows, plus each pair's windows scaled to the period (so the detail page can show them).
  const shown = new Set<string>([...BURN_WINDOWS, o.period]);
  for (const w of pairs) shown.add(w.long).add(w.short);
  const labels = new Set<string>([...shown, o.window]);
  const counts = new Map<string, WindowCounts | undefined>();
  await Promise.all(
    [...labels].map(async (w) => {
      const c =
        o.budgetingMethod === 'timeslices'
          ? await source.slices(env, o, w, at)
          : await source.counts(env, o, w, at);
      counts.set(w, c);
    }),
  );
  const histogram = thresholdHistogram(o.kind);
  const q =
    histogram !== undefined && o.quantile !== undefined
      ? await source.quantile(env, histogram, o.quantile, o.window, at)
      : undefined;
  return ratioObjectiveStatus(
    o,
    counts,
    [...shown],
    {
      windows: pairs,
      minRequests: spec.alerting.minRequests,
      severity: (w) => burnSeverity(w, o),
    },
    q,
  );
}

/** Status of one environment. */
export async function environmentStatus(
  spec: SloSpec,
  source: SloSource,
  env: Environment,
  at: number,
): Promise<EnvironmentStatus> {
  const objectives: ObjectiveStatus[] = await Promise.all(
    env.objectives.map(async (o) =>
      isRatioObjective(o)
        ? objectiveStatus(spec, source, env, o, at)
        : throughputStatus(o, await source.throughputByPod(env, o.window, at)),
    ),
  );
  const availability = await source.timeAvailability(env, env.period, at);
  const status: EnvironmentStatus = {
    environment: env.name,
    objectives,
    time_availability: availability ?? null,
  };
  const targets = ((await source.scrapeTargets?.()) ?? []).filter((t) => t.environment === env.name);
  return targets.length === 0 ? status : withStaleness(status, targets, at);
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * The environment's collector targets, and its objectives read no-data when
 * every target is stale (issue 17: with the target unreachable, status said
 * OK and exited 0); engine environmentStaleSince decides.
 */
function withStaleness(s: EnvironmentStatus, targets: ScrapeTargetRecord[], at: number): EnvironmentStatus {
  const since = environmentStaleSince(targets, s.environment, at);
  const scrapeTargets: ScrapeTargetStatus[] = targets.map((t) => ({
    url: t.url,
    kind: t.kind,
    last_success: iso(t.lastOkAt),
    stale_since: iso(targetStaleSince(t, at)),
    last_error: t.lastError ?? null,
  }));
  const staleSince = iso(since);
  const objectives =
    staleSince === null
      ? s.objectives
      : s.objectives.map((o) => withState({ ...o, stale_since: staleSince }));
  return { ...s, objectives, scrape_targets: scrapeTargets, stale_since: staleSince };
}

/** The status document of `status --json`, for all environments or the named one. */
export async function evaluate(
  spec: SloSpec,
  source: SloSource,
  at: number,
  only?: string,
): Promise<StatusDocument> {
  const envs = spec.environments.filter((e) => only === undefined || e.name === only);
  return {
    generated_at: new Date(at).toISOString(),
    source: source.kind,
    environments: await Promise.all(envs.map((e) => environmentStatus(spec, source, e, at))),
  };
}
