/**
 * Every failure of the store file as one error type that names the file and
 * says what to do, so the CLI can print it instead of a SQLite stack trace.
 */

/** Why a store file could not be used. */
export type StoreErrorCode = 'unreadable' | 'corrupt' | 'foreign' | 'newer_schema' | 'locked';

const ADVICE: Record<StoreErrorCode, string> = {
  unreadable: 'check that the path and its directory exist and are readable and writable',
  corrupt:
    'move the file away (vllm-slo creates a new store when the file is missing) or restore it from a backup',
  foreign: 'it belongs to another program; pass a different store file',
  newer_schema: 'it was written by a newer vllm-slo; upgrade vllm-slo or pass a different store file',
  locked: 'another process holds it locked; stop that process or pass a different store file',
};

/** A store file that cannot be opened, read or written. */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    /** What kind of failure, for programs. */
    readonly code: StoreErrorCode,
    /** The store file (as given to SloStore.open). */
    readonly file: string,
    /** What was found, for people. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`store ${file}: ${detail}; ${ADVICE[code]}`, options);
  }
}

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The StoreError for an error thrown by better-sqlite3 (extended codes like
 * SQLITE_CORRUPT_INDEX map by their prefix); other errors are returned as
 * they are, since they are bugs rather than a bad file.
 */
export function toStoreError(err: unknown, file: string): unknown {
  if (err instanceof StoreError) return err;
  const code = sqliteCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError && /sketch/.test(message))
    return new StoreError('corrupt', file, `a stored sketch is damaged (${message})`, { cause: err });
  if (code === undefined) {
    if (/directory does not exist/.test(message))
      return new StoreError('unreadable', file, message, { cause: err });
    return err;
  }
  if (code.startsWith('SQLITE_NOTADB'))
    return new StoreError('corrupt', file, 'not a SQLite database (or its header is damaged)', {
      cause: err,
    });
  if (code.startsWith('SQLITE_CORRUPT'))
    return new StoreError('corrupt', file, `the database is corrupt (${message})`, { cause: err });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new StoreError('locked', file, `the database is locked (${message})`, { cause: err });
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_AUTH') ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_FULL')
  )
    return new StoreError('unreadable', file, `cannot read or write it (${code}: ${message})`, {
      cause: err,
    });
  return err;
}
