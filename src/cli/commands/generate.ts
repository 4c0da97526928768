/** `vllm-slo generate`: writes every artefact for a spec into a directory. */
import {
  artefacts,
  BundleWriteError,
  type OutputFormat,
  type WrittenArtefact,
  writeArtefacts,
} from '../../bundle/index.ts';
import { DEFAULT_SPEC_PATH, formatProblem, readSpec } from '../../spec/index.ts';
import { EXIT } from '../exit-codes.ts';
import { type Output, paint } from '../io.ts';
import { specPath } from '../spec-path.ts';

export interface GenerateOptions {
  /** The spec named on the command line; unset: ./slo.yaml, else the built-in default. */
  file: string | undefined;
  outDir: string;
  format: OutputFormat;
  namespace: string;
}

/** One line per file written, and the notes to know before using it. */
function printWritten(o: Output, written: readonly WrittenArtefact[]): void {
  for (const w of written) {
    o.out(`wrote ${w.path}`);
    for (const n of w.artefact.notes ?? []) o.out(paint(o, 'yellow', `  note: ${n}`));
  }
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
    printWritten(o, await writeArtefacts(opts.outDir, files));
  } catch (err) {
    if (!(err instanceof BundleWriteError)) throw err;
    printWritten(o, err.written);
    o.err(err.message);
    return EXIT.failed;
  }
  o.out(paint(o, 'green', `${files.length} files from ${name} (${opts.format})`));
  return EXIT.ok;
}
