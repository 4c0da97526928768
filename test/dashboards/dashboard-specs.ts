/**
 * The spec variants the dashboard tests generate from: the default, and edits
 * that each take one path of the generator (a pod regex no template fits,
 * per-environment windows, a remapped metric, timeslices, a 28d period).
 */
import type { SloSpec } from '../../src/spec/index.ts';
import { defaultSpec, editedDefaultSpec } from '../helpers/spec.ts';

/** Production's pods renamed so no single `$environment` template fits: queries fall back to a lookup. */
export const unrelatedPodRegexes = (): SloSpec =>
  editedDefaultSpec([['podRegex: ".*-production-.*"', 'podRegex: "vllm-prod-[0-9]+"']]);
/** Development measures P95 latency over 10m: the P95 panel needs one term per environment. */
export const perEnvironmentWindows = (): SloSpec =>
  editedDefaultSpec([['threshold: 5s\n        window: 5m', 'threshold: 5s\n        window: 10m']]);
/** The requests counter renamed: every query follows the spec's metric names. */
export const remapped = (): SloSpec =>
  editedDefaultSpec([['requests: vllm_requests_total', 'requests: my_requests_total']]);

/** Every variant by name, the default first: each spec's queries go to promtool. */
export const SPECS: Record<string, () => SloSpec> = {
  default: defaultSpec,
  'unrelated pod regexes': unrelatedPodRegexes,
  'remapped requests metric': remapped,
  'per-environment windows': perEnvironmentWindows,
  timeslices: () => editedDefaultSpec([[/budgetingMethod: occurrences/g, 'budgetingMethod: timeslices']]),
  '28d period': () =>
    editedDefaultSpec([
      ['period: 30d', 'period: 28d'],
      ['window: 30d', 'window: 28d'],
    ]),
};
