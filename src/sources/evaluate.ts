/**
 * The status of every objective of a spec at a moment, from any source:
 * queries each window the objective needs, then hands the counts to the
 * engine's pure functions.
 */
import {
  type EnvironmentStatus,
  type ObjectiveStatus,
  ratioObjectiveStatus,
  type StatusDocument,
  throughputStatus,
  type WindowCounts,
} from '../engine/index.ts';
import { burnSeverity } from '../rules/index.ts';
import type { Environment, RatioObjective, SloSpec } from '../spec/index.ts';
import { isRatioObjective, objectiveBurnWindows } from '../spec/index.ts';
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
  const q =
    o.quantile !== undefined
      ? await source.quantile(env, o.kind === 'ttft' ? 'ttft' : 'duration', o.quantile, o.window, at)
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
  return { environment: env.name, objectives, time_availability: availability ?? null };
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
