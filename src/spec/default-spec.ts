/**
 * The default spec (the guide's three environments), shipped as a commented
 * YAML file beside this module so `init` writes exactly what users read.
 */
import { readFileSync } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SPEC_PATH = fileURLToPath(new URL('./default-spec.yaml', import.meta.url));

/** The default spec's YAML text, comments included. */
export function defaultSpecText(): string {
  return readFileSync(DEFAULT_SPEC_PATH, 'utf8');
}

/**
 * A default spec `init` will not write: the file exists (`exists`, without
 * force) or cannot be written (`write`, the system's reason in `reason`:
 * EACCES, ENOENT, ...).
 */
export class SpecWriteError extends Error {
  constructor(
    readonly code: 'exists' | 'write',
    /** The file. */
    readonly value: string,
    readonly expected: string,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'SpecWriteError';
  }
}

/**
 * Writes the default spec to `file`; an existing file only when `force`.
 * @throws SpecWriteError naming the file.
 */
export async function writeDefaultSpec(file: string, force: boolean): Promise<void> {
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists && !force)
    throw new SpecWriteError(
      'exists',
      file,
      'a new file, or --force',
      `${file}: already exists; use --force to overwrite it`,
    );
  try {
    await writeFile(file, defaultSpecText(), { flag: force ? 'w' : 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new SpecWriteError('write', file, 'a writable path', `${file}: cannot write (${code})`, code);
  }
}
