/** `vllm-slo generate`: writes every artefact for a spec into a directory. */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_SPEC_PATH, formatProblem, readSpec } from '../../spec/index.ts';
import { artefacts, type OutputFormat } from '../artefacts.ts';
import { EXIT } from '../exit-codes.ts';
import { type Output, paint } from '../io.ts';
import { MakeDirError, makeDirs } from '../make-dirs.ts';
import { specPath } from '../spec-path.ts';

export interface GenerateOptions {
  /** The spec named on the command line; unset: ./slo.yaml, else the built-in default. */
  file: string | undefined;
  outDir: string;
  format: OutputFormat;
  namespace: string;
}

/** Validates, then writes the files; nothing is written when the spec is invalid. */
export async function generateCommand(o: Output, opts: GenerateOptions): Promise<number> {
  const file = specPath(opts.file);
  const name = file === DEFAULT_SPEC_PATH ? 'the built-in default spec' : file;
  const r = await readSpec(file);
  if (!r.ok) {
    for (const p of r.problems) o.err(formatProblem(p));
    o.err(paint(o, 'red', `${name}: ${r.problems.length} problem(s); nothing written`));
    return EXIT.usage;
  }
  const files = artefacts(r.spec, opts.format, opts.namespace);
  try {
    for (const f of files) {
      const path = join(opts.outDir, f.path);
      await makeDirs(dirname(path));
      await writeFile(path, f.content);
      o.out(`wrote ${path}`);
      for (const n of f.notes ?? []) o.out(paint(o, 'yellow', `  note: ${n}`));
    }
  } catch (err) {
    // MakeDirError names the directory it could not create; a write error names the file.
    o.err(
      err instanceof MakeDirError ? err.message : `${opts.outDir}: cannot write (${(err as Error).message})`,
    );
    return EXIT.failed;
  }
  o.out(paint(o, 'green', `${files.length} files from ${name} (${opts.format})`));
  return EXIT.ok;
}
