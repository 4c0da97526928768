/**
 * What the UI reads of the objective-kind table (src/spec OBJECTIVE_KIND_FACTS):
 * how a kind's value reads and which histogram its threshold is on. The
 * browser bundle cannot import the table itself (src/spec reads files, which
 * a browser cannot), so it keeps this copy, typed to equal the table: a kind
 * missing here, or a fact that differs from the table's, fails type-checking
 * (test/ui/kind-display.test.ts compares them at run time too).
 */
import type { ObjectiveKind, ObjectiveKindFacts } from '../../api/index.ts';

/** The facts the UI shows, per kind: exactly the table's. */
export type KindDisplay = { [K in ObjectiveKind]: Pick<ObjectiveKindFacts[K], 'shows' | 'sli'> };

export const KIND_DISPLAY: KindDisplay = {
  availability: { shows: 'good-share', sli: 'failures' },
  'success-rate': { shows: 'good-share', sli: 'failures' },
  'error-rate': { shows: 'bad-share', sli: 'failures' },
  latency: { shows: 'good-share', sli: 'duration' },
  ttft: { shows: 'good-share', sli: 'ttft' },
  throughput: { shows: 'rate', sli: 'pod-rate' },
};

/** How a kind's value and target read: good share, failure share or requests/s per pod. */
export type Shows = KindDisplay[ObjectiveKind]['shows'];

/** A kind's facts; one the UI does not know (a newer server) throws rather than show as another kind. */
function display(kind: ObjectiveKind): KindDisplay[ObjectiveKind] {
  if (!Object.hasOwn(KIND_DISPLAY, kind)) throw new Error(`unhandled objective kind ${JSON.stringify(kind)}`);
  return KIND_DISPLAY[kind];
}

/** How a kind's value reads. */
export function kindShows(kind: ObjectiveKind): Shows {
  return display(kind).shows;
}

/** Whether the kind's threshold is on this histogram (the latency or TTFT chart draws it). */
export function thresholdOn(kind: ObjectiveKind, histogram: 'duration' | 'ttft'): boolean {
  return display(kind).sli === histogram;
}

/**
 * The `default` of an exhaustive switch over a kind's facts: type-checks only
 * when every case is handled; at run time (a kind from a newer server) it
 * throws rather than show the value as another kind's.
 */
export function unhandled(value: never, what: string): never {
  throw new Error(`unhandled ${what} ${JSON.stringify(value)}`);
}
