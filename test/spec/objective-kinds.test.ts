/**
 * The objective-kind table (src/spec/objective-kinds.ts): every kind has its
 * facts, and a kind a consumer forgot fails type-checking. The type-level
 * half is checked by `npm run typecheck` (this file is in tsconfig's
 * include): each `@ts-expect-error` below fails the type-check when the line
 * under it stops being an error, i.e. when the guard it proves stops guarding.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  assertNever,
  isRatioObjective,
  type KindFacts,
  OBJECTIVE_KIND_FACTS,
  OBJECTIVE_KINDS,
  type Objective,
  type ObjectiveKind,
  type RatioKind,
  type SliKind,
  thresholdHistogram,
  UnhandledCaseError,
} from '../../src/spec/index.ts';
import { specFromText } from '../helpers/spec.ts';

const EVERY_KIND = new URL('../fixtures/spec/valid/every-kind.yaml', import.meta.url);

const facts: KindFacts = {
  measure: 'ratio',
  sli: 'failures',
  shows: 'good-share',
  podsDown: false,
};

// A table that forgets a kind does not type-check.
const missingKind = {
  availability: facts,
  'success-rate': facts,
  'error-rate': facts,
  latency: facts,
  ttft: facts,
  // @ts-expect-error: 'throughput' is missing from the record
} satisfies Record<ObjectiveKind, KindFacts>;

// Nor one with a kind that does not exist.
const extraKind = {
  availability: facts,
  'success-rate': facts,
  'error-rate': facts,
  latency: facts,
  ttft: facts,
  throughput: facts,
  // @ts-expect-error: 'saturation' is no ObjectiveKind
  saturation: facts,
} satisfies Record<ObjectiveKind, KindFacts>;

/** A consumer's switch that forgot a kind: its assertNever default does not type-check. */
function forgotThroughput(kind: ObjectiveKind): string {
  switch (kind) {
    case 'availability':
    case 'success-rate':
    case 'error-rate':
    case 'latency':
    case 'ttft':
      return 'ratio';
    default:
      // @ts-expect-error: 'throughput' is not handled, so kind is not never here
      return assertNever(kind, 'objective kind');
  }
}

/** The same over the SLI of a kind: a new SLI kind fails every switch over it. */
function forgotPodRate(sli: SliKind): string {
  switch (sli) {
    case 'failures':
    case 'duration':
    case 'ttft':
      return 'ratio';
    default:
      // @ts-expect-error: 'pod-rate' is not handled
      return assertNever(sli, 'SLI kind');
  }
}

// RatioKind comes from the table: throughput (a capacity) is not one.
// @ts-expect-error: 'throughput' is no RatioKind
const throughputIsNoRatio: RatioKind = 'throughput';

describe('the objective-kind table', () => {
  it('has the facts of every kind, and no others', () => {
    assert.deepEqual(Object.keys(OBJECTIVE_KIND_FACTS).sort(), [...OBJECTIVE_KINDS].sort());
  });

  it('agrees with the model: ratio kinds have a budget, capacity kinds a floor', () => {
    const spec = specFromText(readFileSync(EVERY_KIND, 'utf8'), 'every-kind.yaml');
    const objectives: Objective[] = spec.environments[0]?.objectives ?? [];
    assert.deepEqual(objectives.map((o) => o.kind).sort(), [...OBJECTIVE_KINDS].sort());
    for (const o of objectives) {
      const f = OBJECTIVE_KIND_FACTS[o.kind];
      assert.equal(isRatioObjective(o), f.measure === 'ratio', o.kind);
      const h = thresholdHistogram(o.kind);
      assert.equal(isRatioObjective(o) && o.thresholdSeconds !== undefined, h !== undefined, o.kind);
    }
  });

  it('throws a coded error for a value outside the types, instead of treating it as another kind', () => {
    assert.throws(
      () => assertNever('saturation' as never, 'objective kind'),
      (e: unknown) =>
        e instanceof UnhandledCaseError && e.code === 'unhandled_case' && e.value === 'saturation',
    );
    assert.throws(() => forgotThroughput('throughput'), UnhandledCaseError);
    assert.throws(() => forgotPodRate('pod-rate'), UnhandledCaseError);
    assert.ok(missingKind && extraKind && throughputIsNoRatio);
  });
});
