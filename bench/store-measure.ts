/**
 * What the store benchmark measures: status time (tiered and naive), the
 * ingest rate of record() with its flushes, and the sketch encodings.
 */

import { Sketch } from '../src/engine/sketch.ts';
import type { RequestMeasurement } from '../src/gateway/measurement.ts';
import { seededRng } from '../src/sim/rng.ts';
import { SketchAccumulator } from '../src/store/accumulator.ts';
import type { Rollup, SloStore } from '../src/store/index.ts';
import { decodeSketch } from '../src/store/sketch-codec.ts';
import { END, ENVIRONMENTS, HOUR, MINUTE, MODELS, PODS, STATUS_WINDOWS } from './store-data.ts';

/** The middle value (mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}

/** One window's answer, reduced to what a status shows. */
export interface Answer {
  requests: number;
  errors: number;
  slow: number;
  p95: number | undefined;
  p99: number | undefined;
  ttftP95: number | undefined;
}

function answer(r: Rollup): Answer {
  return {
    requests: r.requests,
    errors: r.errorsTotal,
    slow: r.duration.countAbove(3),
    p95: r.duration.quantile(0.95),
    p99: r.duration.quantile(0.99),
    ttftP95: r.ttft.quantile(0.95),
  };
}

/** How a window is read: the store's window(), or by merging per-model windows (series rows). */
export type WindowReader = (store: SloStore, env: string, from: number, to: number) => Rollup;

export const readTotals: WindowReader = (store, env, from, to) => store.window(env, from, to);

/** Reads every series row, as a store without environment totals would. */
export const readSeries: WindowReader = (store, env, from, to) => {
  const [first, ...rest] = MODELS.map((m) => store.window(env, from, to, { model: m.name }));
  const out = first as Rollup;
  for (const r of rest) {
    out.requests += r.requests;
    out.errorsTotal += r.errorsTotal;
    out.duration.merge(r.duration);
    out.ttft.merge(r.ttft);
  }
  return out;
};

export interface StatusRun {
  ms: number;
  rows: number;
  answers: Answer[];
}

/** Every status window of every environment, as `vllm-slo status` asks them; with quantiles and bad counts. */
export function status(store: SloStore, read: WindowReader = readTotals): StatusRun {
  const began = performance.now();
  let rows = 0;
  const answers: Answer[] = [];
  for (const env of ENVIRONMENTS)
    for (const [, ms] of STATUS_WINDOWS) {
      answers.push(answer(read(store, env.name, END - ms, END)));
      const r = store.lastReadRows;
      rows += r.minutes + r.hours + r.days;
    }
  return { ms: performance.now() - began, rows, answers };
}

/** Milliseconds of `fn`, repeated: the median and the worst of `runs` runs after `warmup`. */
export function timeRuns(fn: () => void, warmup: number, runs: number): { median: number; max: number } {
  for (let k = 0; k < warmup; k++) fn();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return { median: median(times), max: Math.max(...times) };
}

export interface IngestResult {
  observations: number;
  seconds: number;
  flushes: number;
  flushSeconds: number;
}

/**
 * record() of `n` finished requests spread over the 36 series, 10,000 per
 * simulated second, with a flush each simulated second (the default
 * interval) and compaction when an hour passes, all timed.
 */
export function ingest(store: SloStore, clock: { now: number }, n: number): IngestResult {
  const rng = seededRng(3);
  const pool: RequestMeasurement[] = [];
  for (let i = 0; i < 4096; i++) {
    const env = ENVIRONMENTS[rng.int(0, ENVIRONMENTS.length - 1)]?.name ?? 'production';
    const error = rng.next() < 0.004;
    const durationMs = rng.lognormal(1400, 0.55);
    pool.push({
      requestId: `bench-${i}`,
      environment: env,
      model: MODELS[rng.int(0, MODELS.length - 1)]?.name ?? 'other',
      pod: PODS[rng.int(0, PODS.length - 1)] ?? '',
      api: 'chat',
      stream: true,
      status: error ? 500 : 200,
      errorClass: error ? 'server' : undefined,
      errorType: error ? 'internal' : undefined,
      cancelled: rng.next() < 0.005,
      receivedAt: 0,
      durationMs,
      ttftMs: rng.lognormal(150, 0.6),
      promptTokens: rng.int(200, 1500),
      completionTokens: rng.int(50, 500),
      retried: false,
    });
  }
  const perSecond = 10_000;
  // Start 30 s before an hour ends, so one hourly compaction falls inside the run.
  const t0 = Math.floor(END / HOUR) * HOUR + HOUR - 30_000;
  let flushes = 0;
  let flushSeconds = 0;
  const began = performance.now();
  for (let i = 0; i < n; i++) {
    const m = pool[i & 4095] as RequestMeasurement;
    m.receivedAt = t0 + (i * 1000) / perSecond - m.durationMs;
    store.record(m);
    if (i % perSecond === perSecond - 1) {
      clock.now = t0 + ((i + 1) * 1000) / perSecond;
      const f = performance.now();
      store.flush();
      flushSeconds += (performance.now() - f) / 1000;
      flushes++;
    }
  }
  store.flush();
  return { observations: n, seconds: (performance.now() - began) / 1000, flushes, flushSeconds };
}

export interface EncodingResult {
  tier: string;
  rows: number;
  blobBytes: number;
  jsonBytes: number;
  blobNsPerBucket: number;
  jsonNsPerBucket: number;
}

/**
 * Average stored size of a duration sketch as the blob and as
 * Sketch.toJSON text, and the time to merge each into a window, per
 * bucket, over the given blobs (one tier's rows).
 */
export function compareEncodings(tier: string, blobs: readonly Buffer[]): EncodingResult {
  const jsons = blobs.map((b) => JSON.stringify(decodeSketch(b).toJSON()));
  const buckets = blobs.reduce((n, b) => n + decodeSketch(b).counts.size, 0);
  const acc = new SketchAccumulator();
  const blobTime = timeRuns(
    () => {
      for (const b of blobs) acc.addBlob(b);
      acc.take();
    },
    1,
    5,
  ).median;
  const jsonTime = timeRuns(
    () => {
      const merged = new Sketch();
      for (const j of jsons) merged.merge(Sketch.fromJSON(JSON.parse(j) as number[]));
    },
    1,
    5,
  ).median;
  return {
    tier,
    rows: blobs.length,
    blobBytes: blobs.reduce((n, b) => n + b.length, 0) / blobs.length,
    jsonBytes: jsons.reduce((n, j) => n + j.length, 0) / jsons.length,
    blobNsPerBucket: (blobTime * 1e6) / buckets,
    jsonNsPerBucket: (jsonTime * 1e6) / buckets,
  };
}

/** The largest relative difference in requests between two status runs, and whether windows up to 1 d agree exactly. */
export function compareAnswers(
  a: readonly Answer[],
  b: readonly Answer[],
): { maxRel: number; shortEqual: boolean } {
  let maxRel = 0;
  let shortEqual = true;
  a.forEach((x, k) => {
    const y = b[k] as Answer;
    maxRel = Math.max(maxRel, Math.abs(x.requests - y.requests) / Math.max(1, y.requests));
    const w = STATUS_WINDOWS[k % STATUS_WINDOWS.length]?.[1] ?? 0;
    if (w <= 24 * 60 * MINUTE && JSON.stringify(x) !== JSON.stringify(y)) shortEqual = false;
  });
  return { maxRel, shortEqual };
}
