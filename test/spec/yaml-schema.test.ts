/**
 * The spec's YAML -> zod -> problems pipeline for any schema (parseYamlAs,
 * parseValueAs), with each option a caller may set: the spec and the
 * simulator's fault schedule use it; their own tests cover their wording.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import {
  formatProblem,
  type IssueWording,
  parseValueAs,
  parseYamlAs,
  type YamlSchemaOptions,
} from '../../src/spec/index.ts';

const schema = z.strictObject({
  name: z.string(),
  size: z.number().refine((n) => n % 2 === 0, { error: 'must be even' }),
  tokenFile: z.string().optional(),
});
type Thing = z.output<typeof schema>;

const wording: IssueWording = {
  unknownKey: (key, known) =>
    known.includes(`${key}File`) ? { intended: `${key}File`, message: `use ${key}File` } : undefined,
};
const options: YamlSchemaOptions<Thing> = {
  ...wording,
  what: 'a thing',
  empty: 'expected a thing',
  topLevel: 'expected a mapping with a name',
};

function problems(text: string, extra: Partial<YamlSchemaOptions<Thing>> = {}): string[] {
  const r = parseYamlAs(text, 't.yaml', schema, { ...options, ...extra });
  return r.ok ? [] : r.problems.map(formatProblem);
}

describe('parseYamlAs', () => {
  test('valid text gives the data and where each field is', () => {
    const r = parseYamlAs('# a thing\nname: x\nsize: 2\n', 't.yaml', schema, options);
    assert.ok(r.ok);
    assert.deepEqual(r.data, { name: 'x', size: 2 });
    assert.deepEqual(r.locate(['size']), { line: 3, col: 1 });
  });

  test("the caller's wording: empty file, top level, limits, unknown keys", () => {
    assert.deepEqual(problems('# nothing\n'), ['t.yaml: the file is empty: expected a thing']);
    assert.deepEqual(problems('- 1\n'), ['t.yaml:1:1 expected a mapping with a name, got a list']);
    assert.deepEqual(problems(`name: ${'['.repeat(40)}${']'.repeat(40)}\n`), [
      't.yaml:1:39 nested more than 32 levels deep: a thing needs fewer than ten',
    ]);
    // The hint names the key meant (not then reported missing); spelling is the fallback.
    assert.deepEqual(problems('name: x\nsize: 2\ntoken: s\nsise: 3\n'), [
      't.yaml:3:1 token: use tokenFile',
      't.yaml:4:1 sise: unknown key "sise"; did you mean "size"?',
    ]);
  });

  test('custom messages get what was found unless they say it themselves', () => {
    assert.deepEqual(problems('name: x\nsize: 3\n'), ['t.yaml:2:1 size: must be even, got 3']);
    assert.deepEqual(problems('name: x\nsize: 3\n', { customMessagesComplete: true }), [
      't.yaml:2:1 size: must be even',
    ]);
  });

  test('checks before the schema (always) and after it (on valid data), in file order', () => {
    const before = () => [{ code: 'b', path: ['name'], message: 'before' }];
    const after = () => [{ code: 'a', path: ['size'], message: 'after' }];
    assert.deepEqual(problems('size: 3\nname: x\n', { before, after }), [
      't.yaml:1:1 size: must be even, got 3',
      't.yaml:2:1 name: before',
    ]);
    assert.deepEqual(problems('size: 2\nname: x\n', { before, after }), [
      't.yaml:1:1 size: after',
      't.yaml:2:1 name: before',
    ]);
  });
});

describe('parseValueAs', () => {
  test('data without a file: the same messages, by field path', () => {
    assert.deepEqual(parseValueAs({ name: 'x', size: 4 }, schema), {
      ok: true,
      data: { name: 'x', size: 4 },
    });
    assert.deepEqual(parseValueAs({ size: 'big', token: 's' }, schema, wording), {
      ok: false,
      problems: [
        { code: 'missing', path: ['name'], message: 'is required: expected a string' },
        { code: 'invalid_type', path: ['size'], message: 'expected a number, got "big"' },
        { code: 'unknown_key', path: ['token'], message: 'use tokenFile' },
      ],
    });
  });
});
