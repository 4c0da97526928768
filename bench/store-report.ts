/** The store benchmark's Markdown report: machine, data, figures, and whether each target was met. */
import type { EncodingResult, IngestResult } from './store-measure.ts';

export interface StoreMachine {
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  sqlite: string;
  betterSqlite3: string;
  waitedSeconds: number;
}

export interface StoreFigures {
  load: { minuteRows: number; healthRows: number; seconds: number };
  compactSeconds: number;
  status: { median: number; max: number; rows: number };
  statusSeries: { median: number; rows: number };
  naive: { median: number; rows: number };
  naiveSeries: { ms: number; rows: number };
  agreement: { maxRel: number; shortEqual: boolean };
  timeslices: { ms: number; steps: number };
  podUptime: { ms: number };
  ingest: IngestResult;
  size: { fileBytes: number; liveBytes: number; naiveBytes: number; pods: number; months: number };
  tables: [string, number][];
  encodings: EncodingResult[];
}

export const TARGETS = { statusMs: 100, ingestPerSecond: 100_000 };

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

/** A Markdown table with padded columns, as `biome format` would lay it out. */
function table(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (i === 0 ? (cells[i] ?? '').padEnd(w) : (cells[i] ?? '').padStart(w))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)];
}

const verdict = (ok: boolean) => (ok ? '**met**' : '**MISSED**');

export function renderReport(m: StoreMachine, f: StoreFigures): string {
  const ingestRate = f.ingest.observations / f.ingest.seconds;
  const perPodMonth = f.size.fileBytes / (f.size.pods * f.size.months);
  const waited =
    m.waitedSeconds >= 1 ? ` Waited ${f0(m.waitedSeconds)} s for another benchmark to finish.` : '';
  const lines = [
    `# Embedded store benchmark, ${m.date}`,
    '',
    `Machine: ${m.cores} cores (nproc), ${m.cpuModel}, Node.js ${m.node}, SQLite ${m.sqlite} (better-sqlite3 ${m.betterSqlite3}). The machine is shared: compare ratios across runs, not absolute times.${waited}`,
    '',
    `Data: 35 days of per-minute rollups for 3 environments x 3 models x 4 pods (${thousands(f.load.minuteRows)} minute rows with the environment totals, ${thousands(f.load.healthRows)} pod-health rows), written straight into the minute tables in ${f1(f.load.seconds)} s; then one compact() rolled them into hours and days and deleted minutes older than 2 days in ${f1(f.compactSeconds)} s (hourly in service: the same rows, a day at a time). "Now" is 13:37:20, so windows have ragged edges.`,
    '',
    '## Results',
    '',
    ...table(
      ['figure', 'value', 'target'],
      [
        [
          'status, 27 windows (3 envs x 5m..30d), median of 20',
          `${f1(f.status.median)} ms (max ${f1(f.status.max)})`,
          `<= ${TARGETS.statusMs} ms ${verdict(f.status.median <= TARGETS.statusMs)}`,
        ],
        ['rows read per status (tiered, environment totals)', thousands(f.status.rows), ''],
        [
          'peer: same windows from minute rows only (no tiers), median of 3',
          `${f0(f.naive.median)} ms, ${thousands(f.naive.rows)} rows`,
          '',
        ],
        ['ratio peer / tiered', `${f0(f.naive.median / f.status.median)}x`, ''],
        [
          'status per series (model filters: no totals), tiered, median of 10',
          `${f1(f.statusSeries.median)} ms, ${thousands(f.statusSeries.rows)} rows`,
          '',
        ],
        [
          'peer: per series from minute rows only, 1 run',
          `${f0(f.naiveSeries.ms)} ms, ${thousands(f.naiveSeries.rows)} rows`,
          '',
        ],
        [
          'tiered vs peer answers',
          `windows <= 1d identical: ${f.agreement.shortEqual ? 'yes' : 'NO'}; requests differ by <= ${(f.agreement.maxRel * 100).toFixed(3)} %`,
          '',
        ],
        [
          'ingest: record() incl. flush each 10,000 and an hourly compaction',
          `${thousands(ingestRate)} observations/s`,
          `>= ${thousands(TARGETS.ingestPerSecond)}/s ${verdict(ingestRate >= TARGETS.ingestPerSecond)}`,
        ],
        [
          'of which in flush()',
          `${f1(f.ingest.flushSeconds)} s of ${f1(f.ingest.seconds)} s (${f.ingest.flushes} flushes)`,
          '',
        ],
        [
          'database size per pod-month',
          `${mb(perPodMonth)} (file ${mb(f.size.fileBytes)} / ${f.size.pods} pods / ${f.size.months.toFixed(2)} months)`,
          'reported',
        ],
        ['live pages before VACUUM', mb(f.size.liveBytes), ''],
        ['peer file (35 days of minute rows)', mb(f.size.naiveBytes), ''],
        [
          'series() of 30 d in 1-minute timeslices, production',
          `${f0(f.timeslices.ms)} ms (${thousands(f.timeslices.steps)} steps)`,
          '',
        ],
        ['podUptime over 30 d, 3 environments', `${f1(f.podUptime.ms)} ms`, ''],
      ],
    ),
    '',
    'Windows older than the 2 days of minute rows start at the nearest hour, so 3d/7d/30d answers differ from the peer by at most 30 minutes of traffic at their far edge.',
    '',
    '## Space by table (after VACUUM)',
    '',
    ...table(
      ['table', 'bytes'],
      f.tables.map(([name, bytes]) => [name, mb(bytes)]),
    ),
    '',
    '## Sketch encoding (duration sketches of stored rows)',
    '',
    'Blob: varint bucket-index deltas and counts (src/store/sketch-codec.ts); JSON: `Sketch.toJSON()` text. Merge time per bucket: blob decoded into the flat-array accumulator versus JSON.parse + Sketch.fromJSON + Sketch.merge.',
    '',
    ...table(
      ['rows', 'count', 'blob bytes', 'JSON bytes', 'blob ns/bucket', 'JSON ns/bucket'],
      f.encodings.map((e) => [
        e.tier,
        String(e.rows),
        f0(e.blobBytes),
        f0(e.jsonBytes),
        f1(e.blobNsPerBucket),
        f1(e.jsonNsPerBucket),
      ]),
    ),
  ];
  return lines.join('\n');
}
