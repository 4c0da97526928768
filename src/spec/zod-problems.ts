/**
 * Turns zod issues into SpecProblems with positions and plain messages:
 * "must be above 0 and below 100, got 199", "unknown key \"tagret\"; did you
 * mean \"target\"?", "is required: expected a duration like 5m, 1h or 30d".
 */
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { closest } from './did-you-mean.ts';
import { locate, locateKey, type Position } from './positions.ts';
import { describeValue, formatPath, type PathSegment, type SpecProblem } from './problems.ts';
import { knownKeysAt } from './schema-walk.ts';

/** How one kind of file words its problems, beyond the defaults. */
export interface IssueWording {
  /**
   * What an unknown key stands for where spelling would not find it (the
   * spec's `*File` key for an inline secret; a fault body's name used in a
   * schedule file), or a message of its own. Undefined: the closest known key.
   */
  unknownKey?: (key: string, known: readonly string[]) => { intended?: string; message?: string } | undefined;
  /** Custom issues (refinements, transforms) already say what they found: add no ", got ...". */
  customMessagesComplete?: boolean;
}

/** A problem with a field of data that has no file positions (a JSON body). */
export type FieldProblem = Pick<SpecProblem, 'code' | 'path' | 'message'>;

interface Source {
  file: string;
  data: unknown;
  schema: z.ZodType;
  wording: IssueWording;
  /** The YAML the data was read from; without it (a JSON body) problems are at line 0. */
  yaml?: { doc: Document; lines: LineCounter };
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}

function at(src: Source, path: readonly PathSegment[]): Position {
  return src.yaml ? locate(src.yaml.doc, src.yaml.lines, path) : { line: 0, col: 0 };
}

/** The key an unknown key stands for (the caller's hint or a likely typo's fix) and what to say. */
function explainKey(src: Source, path: PathSegment[], key: string): { intended?: string; message: string } {
  const known = knownKeysAt(src.schema, path, src.data);
  const hint = src.wording.unknownKey?.(key, known);
  const intended = hint ? hint.intended : closest(key, known);
  const unknown = `unknown key ${JSON.stringify(key)}`;
  if (hint?.message !== undefined) return { intended, message: hint.message };
  if (intended) return { intended, message: `${unknown}; did you mean ${JSON.stringify(intended)}?` };
  return { message: known.length > 0 ? `${unknown} (expected one of ${known.join(', ')})` : unknown };
}

function unknownKey(src: Source, path: PathSegment[], key: string): SpecProblem {
  const pos = src.yaml ? locateKey(src.yaml.doc, src.yaml.lines, path, key) : at(src, []);
  const { message } = explainKey(src, path, key);
  return { code: 'unknown_key', file: src.file, ...pos, path: [...path, key], message };
}

function pathOf(issue: z.core.$ZodIssue): PathSegment[] {
  return issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
}

/** One issue may become several problems (one per unknown key); unions are flattened. */
function convert(src: Source, issue: z.core.$ZodIssue): SpecProblem[] {
  const path = pathOf(issue);
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => unknownKey(src, path, k));

  const value = valueAt(src.data, path);
  let message = issue.message;
  let code: string = issue.code;
  if (issue.code === 'custom' && src.wording.customMessagesComplete) {
    // Said in full by the schema.
  } else if (
    issue.code === 'invalid_union' &&
    'note' in issue &&
    issue.note === 'No matching discriminator'
  ) {
    // zod 4 already points the path at the discriminator (kind/type); say what it was.
    message = value === undefined ? `is required: ${message}` : `${message}, got ${describeValue(value)}`;
    code = value === undefined ? 'missing' : 'invalid_value';
  } else if (value === undefined) {
    message = `is required: ${message}`;
    code = 'missing';
  } else {
    message = `${message}, got ${describeValue(value)}`;
  }
  return [{ code, file: src.file, ...at(src, path), path, message }];
}

/**
 * All problems of a failed zod parse, at their positions in `src.yaml` (if
 * given). A required key that an unknown key is taken for ("tagret" for
 * target, routingKey for routingKeyFile) is not reported again as missing:
 * the unknown key's message already says it.
 */
export function zodProblems(src: Source, issues: readonly z.core.$ZodIssue[]): SpecProblem[] {
  const intended = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = pathOf(issue);
    for (const k of issue.keys) {
      const guess = explainKey(src, path, k).intended;
      if (guess) intended.add(formatPath([...path, guess]));
    }
  }
  return issues
    .flatMap((i) => convert(src, i))
    .filter((p) => !(p.code === 'missing' && intended.has(formatPath(p.path))));
}

/**
 * Checks data without a file (a JSON request body) against `schema`: the
 * parsed data, or every problem by field path with the messages a YAML file
 * would get. Never throws.
 */
export function parseValueAs<T>(
  value: unknown,
  schema: z.ZodType<T>,
  wording: IssueWording = {},
): { ok: true; data: T } | { ok: false; problems: FieldProblem[] } {
  const parsed = schema.safeParse(value, { error: plainMessage });
  if (parsed.success) return { ok: true, data: parsed.data };
  const src: Source = { file: '', data: value, schema, wording };
  return {
    ok: false,
    problems: zodProblems(src, parsed.error.issues).map(({ code, path, message }) => ({
      code,
      path,
      message,
    })),
  };
}

function kindName(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/**
 * Plain-English messages for issues the schema gives no message of its own
 * (passed to safeParse as its error map).
 */
export function plainMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${kindName(String(iss.expected))}`;
    case 'too_small':
      if (iss.origin === 'array') return `must have at least ${iss.minimum} item(s)`;
      if (iss.origin === 'string') return 'must not be empty';
      return `must be ${iss.inclusive ? 'at least' : 'above'} ${iss.minimum}`;
    case 'too_big':
      return `must be ${iss.inclusive ? 'at most' : 'below'} ${iss.maximum}`;
    case 'invalid_format':
      if (iss.format === 'url') return 'expected a URL like https://host/path';
      if (iss.format === 'email') return 'expected an email address';
      return `must match ${'pattern' in iss ? String(iss.pattern) : iss.format}`;
    case 'invalid_value':
      return `must be ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    default:
      return undefined;
  }
}
