/**
 * Loading a spec: read the file, parse YAML with positions, check the schema
 * and the cross-references, collect every problem, then normalise.
 */
import { open } from 'node:fs/promises';
import type { SloSpec } from './model.ts';
import { normalize } from './normalize.ts';
import { SpecError, type SpecProblem } from './problems.ts';
import { specSchema } from './schema.ts';
import { checkNames, checkReferences } from './semantic.ts';
import { vllmBucketWarnings } from './vllm-buckets.ts';
import { MAX_SPEC_BYTES, tooLargeMessage } from './yaml-limits.ts';
import { byPosition, fileProblem, parseYamlAs } from './yaml-schema.ts';

/** `warnings`: true of the spec but worth saying (printed by validate; never a reason to refuse it). */
export type ParseResult =
  | { ok: true; spec: SloSpec; warnings: SpecProblem[] }
  | { ok: false; problems: SpecProblem[] };

const SPEC = 'a spec';

/** The spec's hint for an unknown key: an inline secret whose *File variant is what it must be. */
function inlineSecret(
  key: string,
  known: readonly string[],
): { intended: string; message: string } | undefined {
  const file = `${key}File`;
  if (!known.includes(file)) return undefined;
  // Inline secrets are refused outright: generated configs must never contain them.
  const message = `unknown key ${JSON.stringify(key)}; secrets are never written into the spec: use ${file}, a path to a file holding it`;
  return { intended: file, message };
}

/**
 * Parses spec text. `file` is only used in messages.
 * Never throws for bad input: every problem comes back in `problems`.
 */
export function parseSpec(text: string, file: string): ParseResult {
  const r = parseYamlAs(text, file, specSchema, {
    what: SPEC,
    empty: 'expected an SLO spec (`vllm-slo init` writes one)',
    topLevel: 'expected a mapping with apiVersion, alerting and environments at the top',
    unknownKey: inlineSecret,
    before: checkNames,
    after: checkReferences,
  });
  if (!r.ok) return r;
  const spec = normalize(r.data);
  const warnings = vllmBucketWarnings(spec).map(
    (w): SpecProblem => ({ code: 'inexact_bucket', file, ...r.locate(w.path), ...w }),
  );
  return { ok: true, spec, warnings: warnings.sort(byPosition) };
}

/**
 * A YAML file's text, or undefined past MAX_SPEC_BYTES: read in chunks, so a large file, a device or a
 * pipe cannot fill memory before it is refused. Specs and fault schedules are read with it.
 * @throws the file system's error (ENOENT, EACCES, EISDIR, ...)
 */
export async function readCapped(path: string): Promise<string | undefined> {
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
  if (text === undefined)
    return { ok: false, problems: [fileProblem(displayName, 'too_large', tooLargeMessage(SPEC))] };
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
