/** Writing the artefacts of a spec into a directory, creating the directories they need. */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MakeDirError, makeDirs } from '../net/index.ts';
import type { Artefact } from './artefacts.ts';

/** An artefact as written: where it went (under the output directory) and what it was. */
export interface WrittenArtefact {
  path: string;
  artefact: Artefact;
}

/**
 * An artefact that could not be written: a directory that cannot be
 * created (`directory`) or the output directory a file cannot be written in
 * (`write`); `reason` is the system's (ENOENT, EACCES, ...) where it gave
 * one. `written` lists what was written before.
 * The CLI exits 1 (failed) with the message.
 */
export class BundleWriteError extends Error {
  readonly reason: string | undefined;
  constructor(
    readonly code: 'directory' | 'write',
    readonly value: string,
    readonly expected: string,
    message: string,
    readonly written: readonly WrittenArtefact[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.reason = (options?.cause as { code?: unknown } | undefined)?.code?.toString();
    this.name = 'BundleWriteError';
  }
}

/**
 * Writes each artefact under `dir`, in order, creating directories as
 * needed (makeDirs, which ends where Node's recursive mkdir spins).
 * @returns what was written, in order.
 * @throws BundleWriteError at the first directory or file that cannot be written.
 */
export async function writeArtefacts(dir: string, files: readonly Artefact[]): Promise<WrittenArtefact[]> {
  const written: WrittenArtefact[] = [];
  for (const artefact of files) {
    const path = join(dir, artefact.path);
    try {
      await makeDirs(dirname(path));
      await writeFile(path, artefact.content);
    } catch (err) {
      // MakeDirError names the directory it could not create; a write error names the output directory.
      if (err instanceof MakeDirError)
        throw new BundleWriteError(
          'directory',
          err.path,
          'a directory that can be created',
          err.message,
          written,
          {
            cause: err,
          },
        );
      throw new BundleWriteError(
        'write',
        dir,
        'a directory files can be written in',
        `${dir}: cannot write (${(err as Error).message})`,
        written,
        { cause: err },
      );
    }
    written.push({ path, artefact });
  }
  return written;
}
