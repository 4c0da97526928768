/**
 * Turns zod issues into SpecProblems with positions and plain messages:
 * "must be above 0 and below 100, got 199", "unknown key \"tagret\"; did you
 * mean \"target\"?", "is required: expected a duration like 5m, 1h or 30d".
 */
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { closest } from './did-you-mean.ts';
import { locate, locateKey } from './positions.ts';
import { describeValue, formatPath, type PathSegment, type SpecProblem } from './problems.ts';
import { knownKeysAt } from './schema-walk.ts';

interface Source {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
  schema: z.ZodType;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}

/** The key an unknown key stands for: its *File variant (an inline secret) or a likely typo's fix. */
function intendedKey(src: Source, path: PathSegment[], key: string): string | undefined {
  const known = knownKeysAt(src.schema, path, src.data);
  return known.includes(`${key}File`) ? `${key}File` : closest(key, known);
}

function unknownKey(src: Source, path: PathSegment[], key: string): SpecProblem {
  const known = knownKeysAt(src.schema, path, src.data);
  let message = `unknown key ${JSON.stringify(key)}`;
  const guess = intendedKey(src, path, key);
  if (guess === `${key}File`) {
    // Inline secrets are refused outright: generated configs must never contain them.
    message += `; secrets are never written into the spec: use ${key}File, a path to a file holding it`;
  } else if (guess) {
    message += `; did you mean ${JSON.stringify(guess)}?`;
  } else if (known.length > 0) {
    message += ` (expected one of ${known.join(', ')})`;
  }
  return {
    code: 'unknown_key',
    file: src.file,
    ...locateKey(src.doc, src.lines, path, key),
    path: [...path, key],
    message,
  };
}

/** One issue may become several problems (one per unknown key); unions are flattened. */
function convert(src: Source, issue: z.core.$ZodIssue): SpecProblem[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as PathSegment[];
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => unknownKey(src, path, k));

  const value = valueAt(src.data, path);
  const problemPath = path;
  let message = issue.message;
  let code: string = issue.code;
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    // zod 4 already points the path at the discriminator (kind/type); say what it was.
    message = value === undefined ? `is required: ${message}` : `${message}, got ${describeValue(value)}`;
    code = value === undefined ? 'missing' : 'invalid_value';
  } else if (value === undefined) {
    message = `is required: ${message}`;
    code = 'missing';
  } else {
    message = `${message}, got ${describeValue(value)}`;
  }
  return [{ code, file: src.file, ...locate(src.doc, src.lines, problemPath), path: problemPath, message }];
}

/**
 * All problems of a failed zod parse. A required key that an unknown key is
 * taken for ("tagret" for target, routingKey for routingKeyFile) is not
 * reported again as missing: the unknown key's message already says it.
 */
export function zodProblems(src: Source, issues: readonly z.core.$ZodIssue[]): SpecProblem[] {
  const intended = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as PathSegment[];
    for (const k of issue.keys) {
      const guess = intendedKey(src, path, k);
      if (guess) intended.add(formatPath([...path, guess]));
    }
  }
  return issues
    .flatMap((i) => convert(src, i))
    .filter((p) => !(p.code === 'missing' && intended.has(formatPath(p.path))));
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
