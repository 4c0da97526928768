/**
 * Reading YAML text against a zod schema, with every problem at its
 * file:line:col and field path: the spec's pipeline (size and nesting limits,
 * syntax, duplicate keys, aliases, an empty file, schema issues), shared by
 * every YAML file people write for vllm-slo (the spec, a fault schedule).
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { locate, type Position } from './positions.ts';
import { describeValue, type PathSegment, type SpecProblem } from './problems.ts';
import { illFormedText } from './well-formed-text.ts';
import {
  aliasProblems,
  MAX_ALIAS_EXPANSION,
  MAX_SPEC_BYTES,
  nestingProblem,
  tooLargeMessage,
} from './yaml-limits.ts';
import { type FieldProblem, type IssueWording, plainMessage, zodProblems } from './zod-problems.ts';

/** What a kind of YAML file holds and how its problems are worded. */
export interface YamlSchemaOptions<T> extends IssueWording {
  /** What the file holds, for the limits' messages: "a spec", "a fault schedule". */
  what: string;
  /** What an empty file should hold: "expected an SLO spec (...)". */
  empty: string;
  /** What the top level must be, said before ", got a list": "expected a mapping with ...". */
  topLevel: string;
  /** Checks of the raw data, reported beside the schema's issues (names the schema cannot check). */
  before?: (data: unknown) => FieldProblem[];
  /** Checks of schema-valid data (references between fields). */
  after?: (data: T) => FieldProblem[];
}

/** The data and where any field path is in the file, or every problem sorted by position. */
export type YamlSchemaResult<T> =
  | { ok: true; data: T; locate: (path: readonly PathSegment[]) => Position }
  | { ok: false; problems: SpecProblem[] };

/** A problem with the file as a whole: line 0. */
export function fileProblem(file: string, code: string, message: string): SpecProblem {
  return { code, file, line: 0, col: 0, path: [], message };
}

/** Problems in file order. */
export function byPosition(a: SpecProblem, b: SpecProblem): number {
  return a.line - b.line || a.col - b.col;
}

/** The path of the map key starting at `offset` and where that key first appeared in its map. */
function duplicateKey(doc: Document, offset: number): { path: PathSegment[]; first: number } | undefined {
  const walk = (node: unknown, path: PathSegment[]): { path: PathSegment[]; first: number } | undefined => {
    if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) {
        const found = walk(item, [...path, i]);
        if (found) return found;
      }
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (pair.key.range?.[0] === offset) {
          const first = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.key;
          return { path: [...path, key], first: (isScalar(first) ? first.range?.[0] : undefined) ?? offset };
        }
        const found = walk(pair.value, [...path, key]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(doc.contents, []);
}

function syntaxProblems(doc: Document, lines: LineCounter, file: string): SpecProblem[] {
  return doc.errors.map((e): SpecProblem => {
    const pos = lines.linePos(e.pos[0]);
    const firstLine = e.message.split('\n')[0] ?? e.message;
    const dup = e.code === 'DUPLICATE_KEY' ? duplicateKey(doc, e.pos[0]) : undefined;
    const message = dup
      ? `duplicate key, first defined at line ${lines.linePos(dup.first).line}: each name may appear once`
      : `invalid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}${
          // "description: Latency: P95" reads as a key inside a key; quoting the value fixes it.
          e.code === 'BLOCK_AS_IMPLICIT_KEY' ? ' (quote a value that contains ": ")' : ''
        }`;
    const code = e.code === 'DUPLICATE_KEY' ? 'duplicate' : 'yaml_syntax';
    return { code, file, line: pos.line, col: pos.col, path: dup?.path ?? [], message };
  });
}

/**
 * Reads YAML `text` against `schema`. `file` is only used in messages.
 * Never throws for bad input: every problem comes back in `problems`.
 */
export function parseYamlAs<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  options: YamlSchemaOptions<T>,
): YamlSchemaResult<T> {
  if (Buffer.byteLength(text, 'utf8') > MAX_SPEC_BYTES)
    return { ok: false, problems: [fileProblem(file, 'too_large', tooLargeMessage(options.what))] };
  try {
    return parseText(text, file, schema, options);
  } catch (err) {
    // A stack overflow is a property of the input (the limits in yaml-limits.ts should prevent it): never a crash.
    if (!(err instanceof RangeError)) throw err;
    const message = 'is nested or aliased too deeply to check: simplify its structure';
    return { ok: false, problems: [fileProblem(file, 'too_complex', message)] };
  }
}

function parseText<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  options: YamlSchemaOptions<T>,
): YamlSchemaResult<T> {
  const deep = nestingProblem(text, options.what);
  if (deep) {
    // The line counter fills while parseDocument runs; the nesting check runs before it.
    const before = text.slice(0, deep.offset).split('\n');
    const line = before.length;
    const col = (before[line - 1]?.length ?? 0) + 1;
    return { ok: false, problems: [{ code: deep.code, file, line, col, path: [], message: deep.message }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return { ok: false, problems: syntaxProblems(doc, lines, file).sort(byPosition) };
  const aliases = aliasProblems(doc, options.what);
  if (aliases.length > 0)
    return {
      ok: false,
      problems: aliases.map((a): SpecProblem => {
        const pos = lines.linePos(a.offset);
        return { code: a.code, file, line: pos.line, col: pos.col, path: [], message: a.message };
      }),
    };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (err) {
    // yaml's own alias checks, behind aliasProblems: its message, at the file.
    if (!(err instanceof ReferenceError)) throw err;
    return { ok: false, problems: [fileProblem(file, 'yaml_alias', `invalid YAML: ${err.message}`)] };
  }
  if (data === null || data === undefined)
    return { ok: false, problems: [fileProblem(file, 'empty', `the file is empty: ${options.empty}`)] };
  const where = (path: readonly PathSegment[]): Position => locate(doc, lines, path);
  if (typeof data !== 'object' || Array.isArray(data)) {
    const message = `${options.topLevel}, got ${describeValue(data)}`;
    return { ok: false, problems: [{ code: 'invalid_type', file, ...where([]), path: [], message }] };
  }

  const located = (issues: FieldProblem[]): SpecProblem[] =>
    issues.map((i) => ({ ...i, file, ...where(i.path) }));
  const problems = located(options.before?.(data) ?? []);
  // Checked before the schema, whose own checks (RE2 on a pod regex) would read the broken text.
  const broken = illFormedText(data);
  if (broken.length > 0) return { ok: false, problems: [...problems, ...located(broken)].sort(byPosition) };
  const parsed = schema.safeParse(data, { error: plainMessage });
  if (!parsed.success) {
    const yaml = { doc, lines };
    problems.push(...zodProblems({ file, data, schema, wording: options, yaml }, parsed.error.issues));
    return { ok: false, problems: problems.sort(byPosition) };
  }
  problems.push(...located(options.after?.(parsed.data) ?? []));
  if (problems.length > 0) return { ok: false, problems: problems.sort(byPosition) };
  return { ok: true, data: parsed.data, locate: where };
}
