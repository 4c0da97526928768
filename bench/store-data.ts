/**
 * Data of the store benchmark: 35 days of per-minute rollups for 3
 * environments x 3 models x 4 pods, and pod health per minute. Each minute
 * row is one of 96 realistic minutes per (environment, model), drawn with
 * log-normal durations and TTFTs, errors and cancellations, and encoded
 * once: generating 1.8 million rows request by request would take minutes
 * and measure the generator, not the store (bench/store-bench.ts measures
 * record() and flush separately).
 */
import Database from 'better-sqlite3';
import { seededRng } from '../src/sim/rng.ts';
import { emptyRollup, mergeInto, type Rollup, SloStore } from '../src/store/index.ts';
import { encodeSketch } from '../src/store/sketch-codec.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const DAYS = 35;
/** The benchmark's "now": mid-hour, mid-day, so every window has ragged edges. */
export const END = Date.UTC(2026, 2, 1, 13, 37, 20);
export const START = END - DAYS * DAY;

/** Requests per minute per (model, pod) at peak; each minute takes 40-100 % of it. */
export const ENVIRONMENTS = [
  { name: 'production', perMinute: 60 },
  { name: 'staging', perMinute: 12 },
  { name: 'development', perMinute: 3 },
];
export const MODELS = [
  { name: 'llama-3.1-8b', duration: 1.4, ttft: 0.15 },
  { name: 'mistral-7b', duration: 1.1, ttft: 0.12 },
  { name: 'qwen2.5-14b', duration: 2.2, ttft: 0.25 },
];
export const PODS = ['pod-0', 'pod-1', 'pod-2', 'pod-3'];
export const SERIES_COUNT = ENVIRONMENTS.length * MODELS.length * PODS.length;

const TEMPLATES = 96;
const ERROR_KINDS = ['server:internal', 'server:unavailable', 'server:timeout', 'client:rate_limited'];

/** A minute as stored: requests, errors_total, errors, cancellations, prompt, generation, duration, ttft. */
type MinuteRow = [number, number, string | null, number, number, number, Buffer | null, Buffer | null];

function toRow(r: Rollup): MinuteRow {
  const errors = r.errors.size === 0 ? null : JSON.stringify(Object.fromEntries(r.errors));
  return [
    r.requests,
    r.errorsTotal,
    errors,
    r.cancellations,
    r.promptTokens,
    r.generationTokens,
    encodeSketch(r.duration),
    encodeSketch(r.ttft),
  ];
}

/** The minute templates of one (environment, model). */
function templates(perMinute: number, model: (typeof MODELS)[number], seed: number): Rollup[] {
  const rng = seededRng(seed);
  const out: Rollup[] = [];
  for (let k = 0; k < TEMPLATES; k++) {
    const n = Math.max(1, Math.round(perMinute * (0.4 + 0.6 * rng.next())));
    const r = emptyRollup();
    for (let i = 0; i < n; i++) {
      if (rng.next() < 0.005) {
        r.cancellations++;
        continue;
      }
      r.requests++;
      if (rng.next() < 0.004) {
        const kind = ERROR_KINDS[rng.int(0, ERROR_KINDS.length - 1)] ?? 'server:internal';
        r.errors.set(kind, (r.errors.get(kind) ?? 0) + 1);
        r.errorsTotal++;
      }
      r.duration.add(rng.lognormal(model.duration, 0.55));
      r.ttft.add(rng.lognormal(model.ttft, 0.6));
      r.promptTokens += rng.int(200, 1500);
      r.generationTokens += rng.int(50, 500);
    }
    out.push(r);
  }
  return out;
}

/** Series s of an environment uses template (k + 8 s) mod 96 in a minute whose draw is k. */
const pick = (k: number, s: number): number => (k + 8 * s) % TEMPLATES;

/**
 * Per environment and draw k: the rows of its 12 series and of their total
 * (what a flush writes to env_minutes), so the totals are exact sums
 * without merging sketches for each of the 50,400 minutes.
 */
function rowsByDraw(envIndex: number, perMinute: number): { series: MinuteRow[]; total: MinuteRow }[] {
  const pool = MODELS.map((m, j) => templates(perMinute, m, 1000 + 10 * envIndex + j));
  const out: { series: MinuteRow[]; total: MinuteRow }[] = [];
  for (let k = 0; k < TEMPLATES; k++) {
    const total = emptyRollup();
    const series: MinuteRow[] = [];
    MODELS.forEach((_, j) => {
      PODS.forEach((_, p) => {
        const r = pool[j]?.[pick(k, j * PODS.length + p)] ?? emptyRollup();
        mergeInto(total, r);
        series.push(toRow(r));
      });
    });
    out.push({ series, total: toRow(total) });
  }
  return out;
}

export interface LoadResult {
  minuteRows: number;
  healthRows: number;
  seconds: number;
}

/**
 * Writes every minute of [START, END) into a new store file's minute tables
 * (series, environment totals, pod health) as 35 days of flushes would have,
 * without compaction; one transaction per day with the journal off: this is
 * setting up, not what is measured.
 */
export function loadMinutes(file: string): LoadResult {
  const began = performance.now();
  SloStore.open(file, { autoCompact: false }).close();
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const insert = (table: string) =>
    db.prepare(
      `INSERT INTO ${table} (environment, start_ms, model, pod, requests, errors_total, errors, cancellations,
         prompt_tokens, generation_tokens, duration, ttft) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  const seriesRow = insert('minutes');
  const totalRow = insert('env_minutes');
  const health = db.prepare(
    'INSERT INTO pod_minutes (environment, start_ms, pod, up_seconds, observed_seconds) VALUES (?, ?, ?, ?, ?)',
  );
  const draws = ENVIRONMENTS.map((e, i) => rowsByDraw(i, e.perMinute));
  const rng = seededRng(7);
  let minuteRows = 0;
  let healthRows = 0;
  const day = db.transaction((from: number, to: number) => {
    for (let t = from; t < to; t += MINUTE) {
      ENVIRONMENTS.forEach((env, i) => {
        const draw = draws[i]?.[rng.int(0, TEMPLATES - 1)];
        if (draw === undefined) return;
        let s = 0;
        for (const model of MODELS)
          for (const pod of PODS)
            seriesRow.run(env.name, t, model.name, pod, ...(draw.series[s++] as MinuteRow));
        totalRow.run(env.name, t, '', '', ...draw.total);
        minuteRows += s + 1;
        // A pod is down about one minute in a thousand.
        for (const pod of PODS) {
          health.run(env.name, t, pod, rng.next() < 0.001 ? 0 : 60, 60);
          healthRows++;
        }
      });
    }
  });
  const first = Math.floor(START / MINUTE) * MINUTE;
  for (let t = first; t < END; t += DAY) day(t, Math.min(t + DAY, END));
  const env = db.prepare('INSERT OR IGNORE INTO environments (name) VALUES (?)');
  for (const e of ENVIRONMENTS) env.run(e.name);
  db.pragma('journal_mode = WAL');
  db.close();
  return { minuteRows, healthRows, seconds: (performance.now() - began) / 1000 };
}

/** The windows of a status over all objectives: the burn-rate pairs, the alert windows, 7 d and 30 d. */
export const STATUS_WINDOWS: [string, number][] = [
  ['5m', 5 * MINUTE],
  ['30m', 30 * MINUTE],
  ['1h', HOUR],
  ['2h', 2 * HOUR],
  ['6h', 6 * HOUR],
  ['1d', DAY],
  ['3d', 3 * DAY],
  ['7d', 7 * DAY],
  ['30d', 30 * DAY],
];
