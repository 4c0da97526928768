/**
 * `mkdir -p` that always ends. Node's own `mkdir(path, { recursive: true })`
 * spins forever at full CPU when a parent exists but the child still cannot
 * be created with ENOENT (anything under /proc, a dangling symlink): it takes
 * ENOENT to mean "the parent is missing", creates the parent (EEXIST), and
 * retries the child, for ever. Seen with `generate -o /proc/nope` (issue 17;
 * the same loop is reported for Bun in oven-sh/bun#40600). Here each
 * directory is created once, from the top, and the first failure is final.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** A directory that cannot be created: the path and the system's reason (ENOENT, EACCES, ENOTDIR, ...). */
export class MakeDirError extends Error {
  readonly code: string;
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: cannot create the directory (${reason})`);
    this.name = 'MakeDirError';
    this.code = reason;
  }
}

/** Every directory from the root down to `path`, top first. */
function ancestry(path: string): string[] {
  const out: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    out.unshift(p);
    if (dirname(p) === p) return out;
  }
}

/**
 * Creates `path` and its missing parents, like `mkdir -p`, in at most one
 * mkdir call per path component.
 * @throws MakeDirError naming the directory that could not be created.
 */
export async function makeDirs(path: string): Promise<void> {
  for (const dir of ancestry(path)) {
    try {
      await mkdir(dir);
    } catch (err) {
      // An existing directory is fine whatever mkdir said (EEXIST, or EROFS/EACCES on some systems).
      const isDir = await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (isDir) continue;
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new MakeDirError(dir, code === 'EEXIST' ? 'a file, not a directory' : code);
    }
  }
}
