/**
 * The opening that `status`, `alerts` and `serve --source prometheus` share
 * (sources' openSource), with the errors a user can fix (a bad spec, a
 * missing store, an unreachable or refusing Prometheus, a missing secret
 * file) turned into exit 2 with one line on stderr.
 */
import {
  type OpenedSource,
  OpenSourceError,
  type OpenSourceOptions,
  openSource,
  type SloSource,
  SourceError,
} from '../../sources/index.ts';
import { formatProblem, type SloSpec, SpecError } from '../../spec/index.ts';
import { StoreError } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../io.ts';
import { specPath } from '../spec-path.ts';

/** The flags of a command that reads numbers from a source: openSource's options, the spec file as named (unset: ./slo.yaml, else the default). */
export type SourceFlags = Omit<OpenSourceOptions, 'specFile'> & { spec?: string };

/** A source or store failing while it is opened or read; the message is prefixed with the command. */
function sourceFailure(err: unknown): boolean {
  return (
    (err instanceof OpenSourceError && err.code === 'no_store') ||
    err instanceof SourceError ||
    err instanceof StoreError ||
    (err as NodeJS.ErrnoException).code === 'ENOENT'
  );
}

/**
 * Reads the spec, opens the source the flags name, runs `use` on them and closes
 * the store after. Returns `use`'s exit code, or 2 for a usage or source error.
 */
export async function withSource(
  o: Output,
  command: string,
  f: SourceFlags,
  use: (spec: SloSpec, source: SloSource) => Promise<number>,
): Promise<number> {
  let opened: OpenedSource;
  try {
    opened = await openSource({ ...f, specFile: specPath(f.spec) });
  } catch (err) {
    if (err instanceof SpecError) {
      for (const p of err.problems) o.err(formatProblem(p));
      return EXIT.usage;
    }
    if (!sourceFailure(err) && !(err instanceof OpenSourceError)) throw err;
    o.err(sourceFailure(err) ? `vllm-slo ${command}: ${(err as Error).message}` : (err as Error).message);
    return EXIT.usage;
  }
  try {
    return await use(opened.spec, opened.source);
  } catch (err) {
    if (!sourceFailure(err)) throw err;
    o.err(`vllm-slo ${command}: ${(err as Error).message}`);
    return EXIT.usage;
  } finally {
    opened.close();
  }
}
