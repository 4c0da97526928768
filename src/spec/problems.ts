/**
 * A problem found in a spec file: where (file:line:col and the field path),
 * and what was expected. `validate` prints every one; `load` throws them all
 * at once in a SpecError.
 */

export type PathSegment = string | number;

export interface SpecProblem {
  /** Machine-readable kind: yaml_syntax, invalid_type, unknown_key, invalid_value, duplicate, ... */
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/**
 * Joins a field path the way users write it: environments.production.alerts[2].severity.
 * Keys matching `plainKey` are written bare, others quoted in brackets.
 */
export function formatPath(path: readonly PathSegment[], plainKey = /^[A-Za-z_][\w-]*$/): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (plainKey.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** One line per problem: `slo.yaml:12:5 environments.production.objectives.availability.target: ...` */
export function formatProblem(p: SpecProblem): string {
  return problemLine(p);
}

/** As formatProblem, with the keys matching `plainKey` written bare (see formatPath). */
export function problemLine(p: SpecProblem, plainKey?: RegExp): string {
  // Line 0 means the problem is with the file as a whole (missing, unreadable, empty).
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : `${p.file}:`;
  const field = formatPath(p.path, plainKey);
  return field === '' ? `${where} ${p.message}` : `${where} ${field}: ${p.message}`;
}

/** Thrown when a spec cannot be loaded; carries every problem found. */
export class SpecError extends Error {
  readonly code = 'invalid_spec';
  constructor(
    readonly file: string,
    readonly problems: readonly SpecProblem[],
  ) {
    super(`${file}: ${problems.length} problem(s)\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'SpecError';
  }
}

/** Shows a received value briefly: strings quoted, objects by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}
