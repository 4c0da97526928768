/**
 * The objective kinds and their facts: the one table every consumer reads
 * (issue 11: a new kind touched about 15 files in 9 folders, and a kind a
 * consumer forgot fell through to the error-rate branch at run time).
 *
 * The table is a `Record<ObjectiveKind, KindFacts>` (by `satisfies`), so a
 * kind without its facts fails type-checking. Consumers read a fact, or
 * `switch` over a kind or its `sli` with `assertNever` in the default, so a
 * new kind (or a new SLI) that a consumer does not handle fails type-checking
 * there too, instead of being treated as another kind.
 */

/** The `kind` of a spec objective (guide: "Service Level Objectives"). */
export const OBJECTIVE_KINDS = [
  'availability',
  'success-rate',
  'error-rate',
  'latency',
  'ttft',
  'throughput',
] as const;
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];

/**
 * What an objective's SLI counts, and so which builder makes it:
 * - `failures`: requests, bad when their error type is one of the
 *   environment's failure types;
 * - `duration`: observations of the request-duration histogram, bad above
 *   the threshold;
 * - `ttft`: observations of the time-to-first-token histogram, bad above the
 *   threshold;
 * - `pod-rate`: requests per second of the slowest pod (a capacity floor).
 */
export type SliKind = 'failures' | 'duration' | 'ttft' | 'pod-rate';

/** The SLIs that count histogram observations against a threshold (Rollup, SloSource and ThresholdKind keys). */
export type HistogramSli = Extract<SliKind, 'duration' | 'ttft'>;

export interface KindFacts {
  /**
   * How the state is judged. `ratio`: a share of good events against a
   * target, with an error budget over a period and multi-window burn-rate
   * alerts (RatioObjective). `capacity`: the slowest pod's rate against a
   * floor, no budget and no burn-rate alerts (ThroughputObjective; below the
   * floor it is undetermined, see engine throughputStatus).
   */
  measure: 'ratio' | 'capacity';
  sli: SliKind;
  /**
   * How the value and target read: `good-share` as a percentage of good
   * events, `bad-share` as the percentage of failures ("< 0.1 %" states
   * failures), `rate` as requests per second per pod.
   */
  shows: 'good-share' | 'bad-share' | 'rate';
  /**
   * Time-based availability: a timeslice with no pod up is bad whatever its
   * requests say, and the dashboards' availability panels read every window
   * of its SLI.
   */
  podsDown: boolean;
}

/** The facts of every kind; a kind missing here is a type error. */
export const OBJECTIVE_KIND_FACTS = {
  availability: {
    measure: 'ratio',
    sli: 'failures',
    shows: 'good-share',
    podsDown: true,
  },
  'success-rate': {
    measure: 'ratio',
    sli: 'failures',
    shows: 'good-share',
    podsDown: false,
  },
  'error-rate': {
    measure: 'ratio',
    sli: 'failures',
    shows: 'bad-share',
    podsDown: false,
  },
  latency: { measure: 'ratio', sli: 'duration', shows: 'good-share', podsDown: false },
  ttft: { measure: 'ratio', sli: 'ttft', shows: 'good-share', podsDown: false },
  throughput: { measure: 'capacity', sli: 'pod-rate', shows: 'rate', podsDown: false },
} as const satisfies Record<ObjectiveKind, KindFacts>;

type Facts = typeof OBJECTIVE_KIND_FACTS;

/** The kinds whose fact `F` is `V`, as a type: the model's RatioKind and CapacityKind come from the table. */
export type KindsWhere<F extends keyof KindFacts, V> = {
  [K in ObjectiveKind]: Facts[K][F] extends V ? K : never;
}[ObjectiveKind];

/** Kinds with an error budget (RatioObjective). */
export type RatioKind = KindsWhere<'measure', 'ratio'>;
/** Kinds with a floor and no budget (ThroughputObjective). */
export type CapacityKind = KindsWhere<'measure', 'capacity'>;

/**
 * The facts of a kind; a kind outside the table (from outside the types: a
 * cast, a newer file) throws UnhandledCaseError rather than being read as
 * some other kind.
 */
export function kindFacts<K extends ObjectiveKind>(kind: K): Facts[K] {
  if (!Object.hasOwn(OBJECTIVE_KIND_FACTS, kind)) throw new UnhandledCaseError(kind, 'objective kind');
  return OBJECTIVE_KIND_FACTS[kind];
}

/** The histogram a kind's SLI counts against its threshold, or undefined for a kind that counts requests or pods. */
export function thresholdHistogram(kind: ObjectiveKind): HistogramSli | undefined {
  const sli = kindFacts(kind).sli;
  switch (sli) {
    case 'duration':
    case 'ttft':
      return sli;
    case 'failures':
    case 'pod-rate':
      return undefined;
    default:
      return assertNever(sli, 'SLI kind');
  }
}

/** A value no `switch` handled: unreachable while the switch covers its union (a bug, not bad input). */
export class UnhandledCaseError extends Error {
  readonly code = 'unhandled_case';
  constructor(
    readonly value: unknown,
    what: string,
  ) {
    super(`unhandled ${what} ${JSON.stringify(value)}: expected one handled by the switch`);
    this.name = 'UnhandledCaseError';
  }
}

/**
 * The `default` of an exhaustive `switch`: it only type-checks when every
 * case is handled (`value` is then `never`), so a new kind a consumer forgot
 * fails type-checking; at run time (a value from outside the types) it
 * throws instead of treating the value as some other case.
 */
export function assertNever(value: never, what: string): never {
  throw new UnhandledCaseError(value, what);
}
