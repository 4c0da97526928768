/**
 * Loading a spec: read the file, parse YAML with positions, check the schema
 * and the cross-references, collect every problem, then normalise.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { SloSpec } from './model.ts';
import { normalize } from './normalize.ts';
import { locate } from './positions.ts';
import { SpecError, type SpecProblem } from './problems.ts';
import { specSchema } from './schema.ts';
import { checkNames, checkReferences } from './semantic.ts';
import { plainMessage, zodProblems } from './zod-problems.ts';

export type ParseResult = { ok: true; spec: SloSpec } | { ok: false; problems: SpecProblem[] };

function fileProblem(file: string, code: string, message: string): SpecProblem {
  return { code, file, line: 0, col: 0, path: [], message };
}

function byPosition(a: SpecProblem, b: SpecProblem): number {
  return a.line - b.line || a.col - b.col;
}

/**
 * Parses spec text. `file` is only used in messages.
 * Never throws for bad input: every problem comes back in `problems`.
 */
export function parseSpec(text: string, file: string): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): SpecProblem => {
      const pos = lines.linePos(e.pos[0]);
      const firstLine = e.message.split('\n')[0] ?? e.message;
      const message =
        e.code === 'DUPLICATE_KEY'
          ? `duplicate key ${JSON.stringify(text.slice(e.pos[0], e.pos[1]).trim())}: each name may appear once`
          : `invalid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`;
      return {
        code: e.code === 'DUPLICATE_KEY' ? 'duplicate' : 'yaml_syntax',
        file,
        line: pos.line,
        col: pos.col,
        path: [],
        message,
      };
    });
    return { ok: false, problems: problems.sort(byPosition) };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
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
          message: 'expected a mapping with apiVersion, alerting and environments at the top',
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
  return { ok: true, spec: normalize(parsed.data) };
}

/** Reads and parses a spec file; unreadable files become a problem, not an exception. */
export async function readSpec(path: string, displayName = path): Promise<ParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
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
