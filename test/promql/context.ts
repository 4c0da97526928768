/** The default spec's pieces the PromQL builders take, shared by the test/promql files. */
import type { QueryContext } from '../../src/promql/index.ts';
import { isRatioObjective, type RatioObjective, type SloSpec } from '../../src/spec/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

export const SPEC: SloSpec = defaultSpec();
export const METRICS = SPEC.metrics;

/** Production, grouped by environment, with the default failure types. */
export function productionContext(overrides: Partial<QueryContext> = {}): QueryContext {
  const env = SPEC.environments.find((e) => e.name === 'production');
  if (!env) throw new Error('the default spec has no production environment');
  return {
    metrics: METRICS,
    environment: env.name,
    by: [METRICS.labels.environment],
    failureTypes: env.failureTypes,
    ...overrides,
  };
}

/** The first ratio objective of a kind in the default spec. */
export function objectiveOfKind(kind: RatioObjective['kind']): RatioObjective {
  for (const env of SPEC.environments) {
    const o = env.objectives.filter(isRatioObjective).find((x) => x.kind === kind);
    if (o) return o;
  }
  throw new Error(`the default spec has no ${kind} objective`);
}
