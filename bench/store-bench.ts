/**
 * Embedded store benchmark (npm run bench:store), issue 5: with 35 days of
 * per-minute data for 3 environments x 3 models x 4 pods, a status over all
 * objectives within 100 ms; ingest of at least 100,000 request observations
 * a second; the database's size per pod-month. The peer, measured in the
 * same run on the same data, reads the same windows from minute rows only
 * (the same store without tiers). Prints a Markdown report and writes it to
 * bench/results/store-<date>.md. About a minute.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SloStore } from '../src/store/index.ts';
import { DAY, DAYS, END, ENVIRONMENTS, loadMinutes, MINUTE, PODS } from './store-data.ts';
import {
  compareAnswers,
  compareEncodings,
  ingest,
  median,
  readSeries,
  status,
  timeRuns,
} from './store-measure.ts';
import { renderReport, type StoreFigures, type StoreMachine } from './store-report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Waits while the simulator or gateway benchmark runs: they share the two cores. */
async function waitForOtherBenchmarks(): Promise<number> {
  const began = Date.now();
  for (;;) {
    try {
      execFileSync('pgrep', ['-f', 'bench/(sim|gateway)-bench'], { stdio: 'pipe' });
    } catch {
      return (Date.now() - began) / 1000;
    }
    if (Date.now() - began < 1000) console.log('store-bench: another benchmark is running; waiting for it');
    await sleep(5000);
  }
}

function machine(waitedSeconds: number): StoreMachine {
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  const db = new Database(':memory:');
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  db.close();
  return {
    date: run('date', ['-u', '+%F']),
    cores: Number(run('nproc', [])),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    sqlite,
    betterSqlite3: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version,
    waitedSeconds,
  };
}

/** Live bytes, then VACUUM (the steady state, where deleted minute pages are reused) and bytes by table. */
function sizes(file: string): { liveBytes: number; fileBytes: number; tables: [string, number][] } {
  const db = new Database(file);
  try {
    const pragma = (p: string) => db.pragma(p, { simple: true }) as number;
    const liveBytes = (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const tables = db
      .prepare('SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC')
      .raw()
      .all() as [string, number][];
    return { liveBytes, fileBytes: statSync(file).size, tables };
  } finally {
    db.close();
  }
}

/** Duration blobs of a sample of each tier's rows, for the encoding comparison. */
function sampleBlobs(file: string, table: string, limit: number): Buffer[] {
  const db = new Database(file, { readonly: true });
  try {
    const sql = `SELECT duration FROM ${table} WHERE duration IS NOT NULL AND environment = 'production' LIMIT ?`;
    return db.prepare(sql).pluck().all(limit) as Buffer[];
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  const waited = await waitForOtherBenchmarks();
  const m = machine(waited);
  console.log(`store-bench ${m.date}: ${m.cores} cores, Node.js ${m.node}, SQLite ${m.sqlite}`);
  const dir = mkdtempSync(join(tmpdir(), 'vllm-slo-store-bench-'));
  try {
    const naiveFile = join(dir, 'minutes-only.db');
    const tieredFile = join(dir, 'tiered.db');
    console.log('writing 35 days of minute rows');
    const load = loadMinutes(naiveFile);
    copyFileSync(naiveFile, tieredFile);

    console.log('compacting');
    let t = performance.now();
    const compacting = SloStore.open(tieredFile, { now: () => END, autoCompact: false });
    compacting.compact();
    compacting.close();
    const compactSeconds = (performance.now() - t) / 1000;
    const size = sizes(tieredFile);

    console.log('status, tiered');
    const tiered = SloStore.open(tieredFile, { now: () => END, autoCompact: false });
    const tieredRun = status(tiered);
    const statusTime = timeRuns(() => status(tiered), 2, 20);
    const seriesRun = status(tiered, readSeries);
    const seriesTime = timeRuns(() => status(tiered, readSeries), 1, 10);
    t = performance.now();
    const slices = tiered.series('production', END - 30 * DAY, END, MINUTE);
    const timeslices = { ms: performance.now() - t, steps: slices.length };
    t = performance.now();
    for (const env of ENVIRONMENTS) tiered.podUptime(env.name, END - 30 * DAY, END);
    const podUptime = { ms: performance.now() - t };
    tiered.close();

    console.log('status, peer (minute rows only)');
    const naive = SloStore.open(naiveFile, { now: () => END, autoCompact: false });
    const naiveRuns = [status(naive), status(naive), status(naive)];
    const naiveSeries = status(naive, readSeries);
    naive.close();
    const naiveBytes = statSync(naiveFile).size;
    rmSync(naiveFile);

    console.log('ingest');
    const clock = { now: END };
    const ingestStore = SloStore.open(join(dir, 'ingest.db'), { now: () => clock.now });
    const ingestResult = ingest(ingestStore, clock, 1_000_000);
    ingestStore.close();

    console.log('encodings');
    const encodings = (
      [
        ['minute, per series', 'minutes', 5000],
        ['hour, per series', 'hours', 2000],
        ['day, per series', 'days', 500],
        ['minute, environment', 'env_minutes', 2000],
        ['hour, environment', 'env_hours', 800],
        ['day, environment', 'env_days', 35],
      ] as const
    ).map(([label, table, limit]) => compareEncodings(label, sampleBlobs(tieredFile, table, limit)));

    const figures: StoreFigures = {
      load,
      compactSeconds,
      status: { ...statusTime, rows: tieredRun.rows },
      statusSeries: { median: seriesTime.median, rows: seriesRun.rows },
      naive: { median: median(naiveRuns.map((r) => r.ms)), rows: naiveRuns[0]?.rows ?? 0 },
      naiveSeries: { ms: naiveSeries.ms, rows: naiveSeries.rows },
      agreement: compareAnswers(tieredRun.answers, naiveRuns[0]?.answers ?? []),
      timeslices,
      podUptime,
      ingest: ingestResult,
      size: {
        fileBytes: size.fileBytes,
        liveBytes: size.liveBytes,
        naiveBytes,
        pods: ENVIRONMENTS.length * PODS.length,
        months: DAYS / 30,
      },
      tables: size.tables,
      encodings,
    };
    const report = renderReport(m, figures);
    const out = resolve(ROOT, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    const file = resolve(out, `store-${m.date}.md`);
    writeFileSync(file, `${report.trimEnd()}\n`);
    console.log(`\n${report}\n\nwritten to ${file}`);
    return report.includes('MISSED') || !figures.agreement.shortEqual ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`store-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
}
