/**
 * Loading a spec: read the file, parse YAML with positions, check the schema
 * and the cross-references, collect every problem, then normalise.
 */
import { open } from 'node:fs/promises';
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { SloSpec } from './model.ts';
import { normalize } from './normalize.ts';
import { locate } from './positions.ts';
import { describeValue, type PathSegment, SpecError, type SpecProblem } from './problems.ts';
import { specSchema } from './schema.ts';
import { checkNames, checkReferences } from './semantic.ts';
import { vllmBucketWarnings } from './vllm-buckets.ts';
import { aliasProblems, MAX_ALIAS_EXPANSION, MAX_SPEC_BYTES, nestingProblem } from './yaml-limits.ts';
import { plainMessage, zodProblems } from './zod-problems.ts';

/** `warnings`: true of the spec but worth saying (printed by validate; never a reason to refuse it). */
export type ParseResult =
  | { ok: true; spec: SloSpec; warnings: SpecProblem[] }
  | { ok: false; problems: SpecProblem[] };

function fileProblem(file: string, code: string, message: string): SpecProblem {
  return { code, file, line: 0, col: 0, path: [], message };
}

function byPosition(a: SpecProblem, b: SpecProblem): number {
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

const TOO_LARGE = `is larger than ${MAX_SPEC_BYTES} bytes (1 MiB), the most a spec may be`;

/**
 * Parses spec text. `file` is only used in messages.
 * Never throws for bad input: every problem comes back in `problems`.
 */
export function parseSpec(text: string, file: string): ParseResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_SPEC_BYTES)
    return { ok: false, problems: [fileProblem(file, 'too_large', TOO_LARGE)] };
  try {
    return parseText(text, file);
  } catch (err) {
    // A stack overflow is a property of the input (the limits in yaml-limits.ts should prevent it): never a crash.
    if (err instanceof RangeError)
      return {
        ok: false,
        problems: [
          fileProblem(
            file,
            'too_complex',
            'is nested or aliased too deeply to check: simplify its structure',
          ),
        ],
      };
    throw err;
  }
}

function parseText(text: string, file: string): ParseResult {
  const lines = new LineCounter();
  const deep = nestingProblem(text);
  if (deep) {
    // The line counter fills while parseDocument runs; the nesting check runs before it.
    const before = text.slice(0, deep.offset).split('\n');
    const line = before.length;
    const col = (before[line - 1]?.length ?? 0) + 1;
    return { ok: false, problems: [{ code: deep.code, file, line, col, path: [], message: deep.message }] };
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): SpecProblem => {
      const pos = lines.linePos(e.pos[0]);
      const firstLine = e.message.split('\n')[0] ?? e.message;
      const dup = e.code === 'DUPLICATE_KEY' ? duplicateKey(doc, e.pos[0]) : undefined;
      const message = dup
        ? `duplicate key, first defined at line ${lines.linePos(dup.first).line}: each name may appear once`
        : `invalid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}${
            // "description: Latency: P95" reads as a key inside a key; quoting the value fixes it.
            e.code === 'BLOCK_AS_IMPLICIT_KEY' ? ' (quote a value that contains ": ")' : ''
          }`;
      return {
        code: e.code === 'DUPLICATE_KEY' ? 'duplicate' : 'yaml_syntax',
        file,
        line: pos.line,
        col: pos.col,
        path: dup?.path ?? [],
        message,
      };
    });
    return { ok: false, problems: problems.sort(byPosition) };
  }
  const aliases = aliasProblems(doc);
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
    return {
      ok: false,
      problems: [
        fileProblem(file, 'empty', 'the file is empty: expected an SLO spec (`vllm-slo init` writes one)'),
      ],
    };
  if (typeof data !== 'object' || Array.isArray(data))
    return {
      ok: false,
      problems: [
        {
          code: 'invalid_type',
          file,
          ...locate(doc, lines, []),
          path: [],
          message: `expected a mapping with apiVersion, alerting and environments at the top, got ${describeValue(data)}`,
        },
      ],
    };

  const located = (issues: ReturnType<typeof checkNames>): SpecProblem[] =>
    issues.map((i) => ({ ...i, file, ...locate(doc, lines, i.path) }));
  const problems = located(checkNames(data));
  const parsed = specSchema.safeParse(data, { error: plainMessage });
  if (!parsed.success) {
    problems.push(...zodProblems({ file, doc, lines, data, schema: specSchema }, parsed.error.issues));
    return { ok: false, problems: problems.sort(byPosition) };
  }
  problems.push(...located(checkReferences(parsed.data)));
  if (problems.length > 0) return { ok: false, problems: problems.sort(byPosition) };
  const spec = normalize(parsed.data);
  const warnings = vllmBucketWarnings(spec).map(
    (w): SpecProblem => ({ code: 'inexact_bucket', file, ...locate(doc, lines, w.path), ...w }),
  );
  return { ok: true, spec, warnings: warnings.sort(byPosition) };
}

/** The file's text, or undefined past MAX_SPEC_BYTES: read in chunks, so a device or pipe cannot fill memory. */
async function readCapped(path: string): Promise<string | undefined> {
  const fh = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await fh.read({ buffer: Buffer.alloc(64 * 1024) });
      if (bytesRead === 0) return Buffer.concat(chunks).toString('utf8');
      total += bytesRead;
      if (total > MAX_SPEC_BYTES) return undefined;
      chunks.push(buffer.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
}

/** Reads and parses a spec file; unreadable files become a problem, not an exception. */
export async function readSpec(path: string, displayName = path): Promise<ParseResult> {
  let text: string | undefined;
  try {
    text = await readCapped(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file (`vllm-slo init` writes the default spec)'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory, expected a YAML file'
            : `cannot read (${code ?? String(err)})`;
    return { ok: false, problems: [fileProblem(displayName, 'file_unreadable', why)] };
  }
  if (text === undefined) return { ok: false, problems: [fileProblem(displayName, 'too_large', TOO_LARGE)] };
  if (text.includes('\u0000'))
    return {
      ok: false,
      problems: [fileProblem(displayName, 'not_text', 'is a binary file, expected YAML text')],
    };
  return parseSpec(text, displayName);
}

/**
 * Loads a spec or throws a SpecError listing every problem.
 * @throws SpecError
 */
export async function loadSpec(path: string): Promise<SloSpec> {
  const r = await readSpec(path);
  if (!r.ok) throw new SpecError(path, r.problems);
  return r.spec;
}
