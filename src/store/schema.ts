/**
 * The store's schema and how a file is opened: recognised as ours (PRAGMA
 * application_id plus the meta table), refused with a StoreError when it is
 * foreign, corrupt or newer, and brought up to date by ordered migrations,
 * each in its own transaction so a crash mid-way leaves the previous version.
 */
import { accessSync, constants, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError, toStoreError } from './store-error.ts';
import { TARGET_TABLE } from './target-table.ts';
import type { Watermarks } from './time-tiers.ts';

/** PRAGMA application_id of a vllm-slo store: "vllm" in ASCII. */
export const APPLICATION_ID = 0x766c6c6d;
/** meta.app of a vllm-slo store. */
export const APP_NAME = 'vllm-slo';

type Db = Database.Database;

const ROLLUP_TABLE = (name: string): string => `
  CREATE TABLE ${name} (
    environment TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    model TEXT NOT NULL,
    pod TEXT NOT NULL,
    requests INTEGER NOT NULL,
    errors_total INTEGER NOT NULL,
    errors TEXT,
    cancellations INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    generation_tokens INTEGER NOT NULL,
    duration BLOB,
    ttft BLOB,
    PRIMARY KEY (environment, start_ms, model, pod)
  ) WITHOUT ROWID;`;

const POD_TABLE = (name: string): string => `
  CREATE TABLE ${name} (
    environment TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    pod TEXT NOT NULL,
    up_seconds REAL NOT NULL,
    observed_seconds REAL NOT NULL,
    PRIMARY KEY (environment, start_ms, pod)
  ) WITHOUT ROWID;`;

const UPTIME_TABLE = (name: string): string => `
  CREATE TABLE ${name} (
    environment TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    minutes_observed INTEGER NOT NULL,
    minutes_any_up INTEGER NOT NULL,
    PRIMARY KEY (environment, start_ms)
  ) WITHOUT ROWID;`;

/** One schema change; runs inside the transaction that records its version. */
export type Migration = (db: Db) => void;

/**
 * Migrations in order; migration k brings the schema to version k + 1.
 * Append only: a released migration never changes.
 */
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE environments (name TEXT PRIMARY KEY) WITHOUT ROWID;
      ${ROLLUP_TABLE('minutes')} ${ROLLUP_TABLE('hours')} ${ROLLUP_TABLE('days')}
      ${ROLLUP_TABLE('env_minutes')} ${ROLLUP_TABLE('env_hours')} ${ROLLUP_TABLE('env_days')}
      ${POD_TABLE('pod_minutes')} ${POD_TABLE('pod_hours')} ${POD_TABLE('pod_days')}
      ${UPTIME_TABLE('uptime_hours')} ${UPTIME_TABLE('uptime_days')}
    `);
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    put.run('app', APP_NAME);
    for (const key of ['hours_until', 'days_until', 'minutes_from']) put.run(key, '0');
  },
  // Exact counts against the spec's thresholds (JSON; NULL where none were counted).
  (db) => {
    for (const t of ['minutes', 'hours', 'days', 'env_minutes', 'env_hours', 'env_days'])
      db.exec(`ALTER TABLE ${t} ADD COLUMN above TEXT`);
  },
  // The collector's targets: last scrape and counter values, for restarts and staleness (issue 17).
  (db) => db.exec(TARGET_TABLE),
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function metaValue(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  return typeof row === 'string' ? row : undefined;
}

/** Refuses what is not a vllm-slo store (or not yet one: an empty database becomes one). */
function checkIdentity(db: Db, file: string, latest: number): number {
  const appId = db.pragma('application_id', { simple: true });
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
  if (appId !== APPLICATION_ID) {
    if (appId === 0 && tables.length === 0) return 0;
    const what = appId === 0 ? `tables ${tables.slice(0, 5).join(', ')}` : `application_id ${appId}`;
    throw new StoreError('foreign', file, `a SQLite database of another program (${what})`);
  }
  if (!tables.includes('meta') || metaValue(db, 'app') !== APP_NAME)
    throw new StoreError('corrupt', file, 'a vllm-slo store without its meta table');
  const version = Number(metaValue(db, 'schema_version'));
  if (!Number.isInteger(version) || version < 1)
    throw new StoreError('corrupt', file, `schema_version ${metaValue(db, 'schema_version')} is not valid`);
  if (version > latest)
    throw new StoreError(
      'newer_schema',
      file,
      `schema version ${version}, but this vllm-slo reads up to ${latest}`,
    );
  return version;
}

/** The version in meta, 0 when there is no meta table yet. */
function currentVersion(db: Db): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get();
  return hasMeta === undefined ? 0 : Number(metaValue(db, 'schema_version') ?? 0);
}

function migrate(db: Db, from: number, migrations: readonly Migration[]): void {
  for (let v = from; v < migrations.length; v++) {
    db.transaction(() => {
      // Another process may have migrated between our check and this lock.
      if (currentVersion(db) > v) return;
      migrations[v]?.(db);
      db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
        'schema_version',
        String(v + 1),
      );
    }).immediate();
  }
}

/** Fails early, with the file's name, when it exists but cannot be used. */
function checkPath(file: string): void {
  if (file === ':memory:' || file === '') return;
  try {
    if (statSync(file).isDirectory()) throw new StoreError('unreadable', file, 'it is a directory');
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (err) {
    if (err instanceof StoreError) throw err;
    if ((err as { code?: string }).code === 'ENOENT') return;
    throw new StoreError('unreadable', file, (err as Error).message, { cause: err });
  }
}

/**
 * Opens (creating when missing) a store file: WAL journal, synchronous
 * NORMAL (a killed process loses nothing committed; a power cut at most the
 * last transactions, never consistency), identity check, migrations
 * (`migrations` is replaced only by tests of the mechanism).
 */
export function openDatabase(file: string, busyTimeoutMs: number, migrations = MIGRATIONS): Db {
  checkPath(file);
  let db: Db | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    const version = checkIdentity(db, file, migrations.length);
    // 16 KiB pages keep an hour or day row (1-3 KB of sketches) inside its
    // B-tree page: with 4 KiB pages such rows spill to overflow pages, which
    // doubled the file and slowed reads. Only a new file can take it.
    if (version === 0) db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, version, migrations);
    return db;
  } catch (err) {
    db?.close();
    throw toStoreError(err, file);
  }
}

/** The tier watermarks in the meta table, with prepared statements. */
export class Meta {
  private readonly select: Database.Statement;
  private readonly put: Database.Statement;

  constructor(db: Db) {
    this.select = db
      .prepare("SELECT key, value FROM meta WHERE key IN ('hours_until', 'days_until', 'minutes_from')")
      .raw();
    this.put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  }

  /** Re-read per transaction and per read: another process may have compacted. */
  read(): Watermarks {
    const wm: Watermarks = { hoursUntil: 0, daysUntil: 0, minutesFrom: 0 };
    for (const [key, value] of this.select.all() as [string, string][]) {
      if (key === 'hours_until') wm.hoursUntil = Number(value);
      else if (key === 'days_until') wm.daysUntil = Number(value);
      else wm.minutesFrom = Number(value);
    }
    return wm;
  }

  /** Inside the compaction's transaction. */
  write(wm: Watermarks): void {
    this.put.run('hours_until', String(wm.hoursUntil));
    this.put.run('days_until', String(wm.daysUntil));
    this.put.run('minutes_from', String(wm.minutesFrom));
  }
}
