/**
 * Fault schedule files and admin bodies: the valid fixture parses to the
 * expected schedule; each invalid fixture (test/fixtures/sim/fault-schedule/
 * invalid/<case>.yaml) starts with `# expect: <problem>` lines that must be
 * exactly the problems reported, file:line:col included.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { manualClock } from '../../src/sim/clock.ts';
import { parseFaultPatch, parseFaultSchedule } from '../../src/sim/fault-schedule.ts';
import { Faults } from '../../src/sim/faults.ts';
import { seededRng } from '../../src/sim/rng.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sim', 'fault-schedule');
const INVALID = join(FIXTURES, 'invalid');
const EXPECT = /^# expect: (.*)$/;
const MIN = 60_000;

/** A fixture going missing fails here rather than passing quietly. */
const REQUIRED_CASES = [
  'unknown-key-typo',
  'bad-duration',
  'rate-above-1',
  'rates-sum-above-1',
  'missing-at',
  'for-zero',
  'unknown-status',
  'no-fault',
  'admin-names',
  'several-problems',
  'for-too-long',
  'at-too-long',
  'alias-bomb',
  'unresolved-alias',
  'deep-nesting',
];

const files = readdirSync(INVALID)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function problems(text: string, file = 'f.yaml'): string[] {
  const r = parseFaultSchedule(text, file);
  assert.equal(r.ok, false, 'accepted as valid');
  return r.ok ? [] : r.problems;
}

describe('schedule files', () => {
  test('the valid fixture gives every kind of fault, in file order', () => {
    const r = parseFaultSchedule(readFileSync(join(FIXTURES, 'valid.yaml'), 'utf8'), 'valid.yaml');
    assert.deepEqual(r, {
      ok: true,
      schedule: [
        { atMs: 0, durationMs: 45_000, patch: { unhealthy: true } },
        { atMs: 5 * MIN, durationMs: 2 * MIN, patch: { errorRates: { 500: 0.2, 503: 0.05 } } },
        { atMs: 10 * MIN, durationMs: MIN, patch: { latencyMultiplier: 5 } },
        { atMs: 12 * MIN, durationMs: 30_000, patch: { outage: true } },
        { atMs: 20 * MIN, durationMs: 5 * MIN, patch: { streamCutRate: 0.1, hangRate: 0.01 } },
        { atMs: 90 * MIN, durationMs: 90_000, patch: { errorRates: { 400: 0.01, 429: 0.3 } } },
      ],
    });
  });

  test('a parsed schedule drives Faults at the times the file says', () => {
    const r = parseFaultSchedule('faults:\n  - { at: 1m, for: 30s, latency: 4 }\n', 'f.yaml');
    assert.ok(r.ok);
    const clock = manualClock();
    const f = new Faults(clock, seededRng(1));
    f.startSchedule(r.schedule);
    clock.advance(MIN);
    assert.equal(f.settings().latencyMultiplier, 4);
    clock.advance(30_000);
    assert.equal(f.settings().latencyMultiplier, 1);
  });

  test('a streamError entry schedules the in-stream error fault', () => {
    const r = parseFaultSchedule('faults:\n  - { at: 2m, for: 1m, streamError: 0.1 }\n', 'f.yaml');
    assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
    assert.deepEqual(r.schedule, [{ atMs: 2 * MIN, durationMs: MIN, patch: { streamErrorRate: 0.1 } }]);
    const body = parseFaultPatch({ streamErrorRate: 0.2, duration: '1m' }, 'body');
    assert.ok(body.ok);
    assert.deepEqual(body.patch, { streamErrorRate: 0.2 });
  });

  test('every required invalid case has its fixture', () => {
    const cases = files.map((f) => f.replace(/\.yaml$/, ''));
    assert.deepEqual(
      REQUIRED_CASES.filter((c) => !cases.includes(c)),
      [],
    );
  });

  for (const file of files) {
    test(`invalid: ${file}`, () => {
      const text = readFileSync(join(INVALID, file), 'utf8');
      const expected = text.split('\n').flatMap((l) => EXPECT.exec(l)?.[1] ?? []);
      assert.ok(expected.length > 0, `${file} has no "# expect:" line`);
      assert.deepEqual(problems(text, file), expected);
    });
  }

  test('files that are not a schedule at all', () => {
    assert.deepEqual(problems(''), ['f.yaml: the file is empty: expected a mapping with a faults list']);
    assert.deepEqual(problems('- at: 5m\n'), [
      'f.yaml:1:1 expected a mapping with a faults list, got a list',
    ]);
    assert.deepEqual(problems('faults: 5\n'), [
      'f.yaml:1:1 faults: expected a list of faults, like - { at: 5m, for: 2m, latency: 5 }, got 5',
    ]);
    assert.deepEqual(problems('fault: []\n'), [
      'f.yaml:1:1 fault: unknown key "fault"; did you mean "faults"?',
    ]);
    assert.deepEqual(problems('faults: []\nfaults: []\n'), [
      'f.yaml:2:1 faults: duplicate key, first defined at line 1: each name may appear once',
    ]);
    const [syntax] = problems('faults:\n  - { at: 5m\n');
    assert.match(syntax ?? '', /^f\.yaml:\d+:\d+ invalid YAML: /);
  });

  // Too large for a fixture file: the spec's limits (src/spec/yaml-limits.ts) hold for schedules too.
  test('a file over 1 MiB is refused before it is parsed', () => {
    const schedule = 'faults:\n  - { at: 5m, for: 2m, latency: 5 }\n#';
    const text = `${schedule}${'x'.repeat(1024 * 1024 - schedule.length)}\n`;
    assert.deepEqual(problems(text), [
      'f.yaml: is larger than 1048576 bytes (1 MiB), the most a fault schedule may be',
    ]);
    assert.equal(parseFaultSchedule(text.slice(0, -1), 'f.yaml').ok, true, 'exactly 1 MiB is read');
  });

  test('half a million nested lists are a positioned problem, not a stack overflow', () => {
    const text = `faults: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`;
    assert.deepEqual(problems(text), [
      'f.yaml:1:41 nested more than 32 levels deep: a fault schedule needs fewer than ten',
    ]);
  });
});

describe('admin bodies', () => {
  test('good bodies: durations as text or seconds, none for a lasting change', () => {
    assert.deepEqual(parseFaultPatch({ errorRates: { '500': 0.2 }, duration: '2m' }, 'body'), {
      ok: true,
      patch: { errorRates: { 500: 0.2 } },
      durationMs: 2 * MIN,
    });
    assert.deepEqual(parseFaultPatch({ outage: true, duration: 30 }, 'body'), {
      ok: true,
      patch: { outage: true },
      durationMs: 30_000,
    });
    const all = {
      errorRates: { '400': 0.1, '429': 0.2, '500': 0.3, '503': 0.4 },
      latencyMultiplier: 5,
      unhealthy: false,
      outage: false,
      streamCutRate: 0.1,
      hangRate: 0.01,
    };
    assert.deepEqual(parseFaultPatch(all, 'body'), { ok: true, patch: all, durationMs: undefined });
    assert.deepEqual(parseFaultPatch({ hangRate: 0.5, duration: null }, 'body'), {
      ok: true,
      patch: { hangRate: 0.5 },
      durationMs: undefined,
    });
  });

  test('bad bodies: every problem, named by its path', () => {
    const bad = (value: unknown) => {
      const r = parseFaultPatch(value, 'body');
      assert.equal(r.ok, false);
      return r.ok ? [] : r.problems;
    };
    assert.deepEqual(bad({ errorRates: { '500': 2 } }), [
      'body.errorRates.500: must be between 0 and 1, got 2',
    ]);
    assert.deepEqual(bad({ errorRates: { '500': 0.7, '503': 0.4 } }), [
      'body.errorRates: the rates sum to 1.1: must be at most 1',
    ]);
    assert.deepEqual(bad({ errorRates: { '502': 0.1 } }), [
      'body.errorRates.502: unknown status "502" (expected one of 400, 429, 500, 503)',
    ]);
    assert.deepEqual(bad({ latencyMultiplyer: 5, latency: 3 }), [
      'body.latencyMultiplyer: unknown key "latencyMultiplyer"; did you mean "latencyMultiplier"?',
      'body.latency: unknown key "latency"; did you mean "latencyMultiplier"?',
    ]);
    assert.deepEqual(bad({ outage: 'yes', duration: '2 minutes' }), [
      'body.outage: expected true or false, got "yes"',
      'body.duration: expected a duration like "2m" or a number of seconds, got "2 minutes"',
    ]);
    assert.deepEqual(bad({ latencyMultiplier: 0, duration: 0 }), [
      'body.latencyMultiplier: must be above 0, got 0',
      'body.duration: must be longer than 0s, got 0',
    ]);
    // Beyond 2^31 - 1 ms a timer fires after 1 ms: the fault would end at once.
    assert.deepEqual(bad({ outage: true, duration: '25d' }), [
      'body.duration: must be at most 24d20h31m23s647ms (2^31 - 1 ms, the longest a timer can wait), got "25d"',
    ]);
    assert.deepEqual(bad({ outage: true, duration: 2_147_484 }), [
      'body.duration: must be at most 24d20h31m23s647ms (2^31 - 1 ms, the longest a timer can wait), got 2147484',
    ]);
    assert.deepEqual(bad({ duration: '2m' }), [
      'body: sets no fault: add one of errorRates, latencyMultiplier, unhealthy, outage, streamCutRate, streamErrorRate, hangRate',
    ]);
    assert.deepEqual(bad([1]), [
      'body: expected a JSON object like {"errorRates": {"500": 0.2}, "duration": "2m"}, got a list',
    ]);
  });
});
