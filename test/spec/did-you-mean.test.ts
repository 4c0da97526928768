/** "Did you mean" for unknown keys: edit distance with adjacent swaps, and closest(). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closest, editDistance } from '../../src/spec/did-you-mean.ts';

const OBJECTIVE_KEYS = [
  'kind',
  'target',
  'description',
  'severity',
  'window',
  'period',
  'burnRateAlerts',
  'timesliceTarget',
];

describe('editDistance', () => {
  const cases: Array<[string, string, number]> = [
    ['target', 'target', 0],
    ['tagret', 'target', 1],
    ['chanel', 'channel', 1],
    ['windw', 'window', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['', '', 0],
    ['ab', 'ba', 1],
    ['abc', 'cab', 2],
  ];
  for (const [a, b, d] of cases) {
    test(`${JSON.stringify(a)} -> ${JSON.stringify(b)} is ${d}`, () => {
      assert.equal(editDistance(a, b), d);
      assert.equal(editDistance(b, a), d, 'the distance is symmetric');
    });
  }
});

describe('closest', () => {
  test('a swapped pair of letters finds the key', () => {
    assert.equal(closest('tagret', OBJECTIVE_KEYS), 'target');
  });

  test('a missing or extra letter finds the key', () => {
    assert.equal(closest('severty', OBJECTIVE_KEYS), 'severity');
    assert.equal(closest('perriod', OBJECTIVE_KEYS), 'period');
  });

  test('ignores case', () => {
    assert.equal(closest('Target', OBJECTIVE_KEYS), 'target');
    assert.equal(closest('burnratealerts', OBJECTIVE_KEYS), 'burnRateAlerts');
  });

  test('a word like no candidate gets no suggestion', () => {
    assert.equal(closest('owner', OBJECTIVE_KEYS), undefined);
    assert.equal(closest('xyz', OBJECTIVE_KEYS), undefined);
  });

  test('no candidates, no suggestion', () => {
    assert.equal(closest('target', []), undefined);
  });

  test('allows a third of the word in edits, and at least one', () => {
    // 6 letters: up to 2 edits.
    assert.equal(closest('windxx', ['window']), 'window');
    assert.equal(closest('wixxxw', ['window']), undefined);
    // 2 letters: still one edit.
    assert.equal(closest('ab', ['ac']), 'ac');
    assert.equal(closest('ab', ['cd']), undefined);
  });

  test('the nearest candidate wins; on a tie, the first listed', () => {
    assert.equal(closest('pod', ['pods', 'po']), 'pods');
    assert.equal(closest('pod', ['po', 'pods']), 'po');
    assert.equal(closest('modles', ['model', 'models']), 'models');
  });
});
