/**
 * The soak's figures per process: start, end and maximum of RSS, open file
 * descriptors and live heap, and the least-squares slope of each over the
 * second half of the run (the first half is warm-up: JIT, V8 sizing its
 * heap, pools and label caches filling up), with a verdict.
 */
import type { Sample, Series, Watched } from './soak-sampler.ts';

/** Start, end, maximum and second-half slope (per hour) of one measure of one process. */
export interface Trend {
  start: number;
  end: number;
  max: number;
  /** Least-squares slope over the second half, in units per hour. */
  slopePerHour: number;
}

export interface ProcessFigures {
  samples: number;
  rssMb: Trend;
  fds: Trend;
  /** Open fds idle: before the load's first request, and after it ended and keep-alive connections closed. */
  fdsIdle: { before: number; after: number };
  /** Undefined when the heap probe wrote nothing. */
  heapMb: Trend | undefined;
  /** Live heap once the load has ended (what requests in flight held is then released). */
  heapIdleAfter: number | undefined;
  verdict: 'flat' | 'growing';
  /** Which measures crossed their threshold (empty when flat). */
  growing: string[];
}

/**
 * What counts as growing. Why these: at the default 20 req/s a process
 * handles 72,000 requests an hour, so a live-heap slope of 5 MB/h over the
 * second half is about 70 bytes kept per request, less than one Map entry
 * with a string key: any per-request leak crosses it, while the heap after a
 * full GC of a process that keeps nothing (the peer) moves by well under
 * 1 MB/h. RSS also moves as V8 resizes its spaces and malloc keeps freed
 * pages (the peer's RSS slope is a few MB/h), so its bar is higher: 20 MB/h,
 * about 0.5 GB a day. Open fds are mostly sockets of requests in flight and
 * keep-alive connections, so their count follows the concurrency, which on a
 * shared machine follows everyone else's load (a slope of tens an hour either
 * way is noise); a leaked descriptor, though, is never closed, so the test is
 * the idle count: after the load, once keep-alive connections have timed out,
 * a process holding more than 3 fds over its idle count before the load
 * leaked them (3: a lazily opened file, e.g. the store's WAL, is not a leak).
 */
export const THRESHOLDS = { heapMbPerHour: 5, rssMbPerHour: 20, fdsLeftOpen: 3 } as const;

/** Least-squares slope of y over t (units of y per unit of t); 0 with fewer than two points. */
export function leastSquaresSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  let st = 0;
  let sy = 0;
  for (const [t, y] of points) {
    st += t;
    sy += y;
  }
  const mt = st / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [t, y] of points) {
    num += (t - mt) * (y - my);
    den += (t - mt) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function trend(samples: readonly Sample[], value: (s: Sample) => number | undefined, fromT: number): Trend {
  const points: Array<[number, number]> = [];
  let max = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    const v = value(s);
    if (v === undefined) continue;
    max = Math.max(max, v);
    if (s.t >= fromT) points.push([s.t, v]);
  }
  const all = samples.map(value).filter((v): v is number => v !== undefined);
  return {
    start: all[0] ?? Number.NaN,
    end: all.at(-1) ?? Number.NaN,
    max,
    slopePerHour: leastSquaresSlope(points) * 3600,
  };
}

/**
 * The figures of one process: `loaded` are its samples while the load ran
 * (the first one before its first request), `fromT` (seconds) starts the
 * slopes' window, `drained` is its reading once the load has ended and
 * keep-alive connections have closed.
 */
export function processFigures(
  loaded: readonly Sample[],
  fromT: number,
  drained: Sample | undefined,
): ProcessFigures {
  const rssMb = trend(loaded, (s) => s.rssMb, fromT);
  const fds = trend(loaded, (s) => s.fds, fromT);
  const hasHeap = loaded.some((s) => s.heapMb !== undefined);
  const heapMb = hasHeap ? trend(loaded, (s) => s.heapMb, fromT) : undefined;
  const fdsIdle = { before: fds.start, after: drained?.fds ?? Number.NaN };
  const growing: string[] = [];
  if (heapMb && heapMb.slopePerHour > THRESHOLDS.heapMbPerHour) growing.push('heap');
  if (rssMb.slopePerHour > THRESHOLDS.rssMbPerHour) growing.push('RSS');
  // NaN (no idle reading) fails this comparison too: not proven flat.
  if (!(fdsIdle.after - fdsIdle.before <= THRESHOLDS.fdsLeftOpen)) growing.push('fds');
  return {
    samples: loaded.length,
    rssMb,
    fds,
    fdsIdle,
    heapMb,
    heapIdleAfter: drained?.heapMb,
    verdict: growing.length ? 'growing' : 'flat',
    growing,
  };
}

/** Every watched process's figures from the series: the load ran from 0 to `loadEndS` seconds. */
export function allFigures(
  watched: readonly Watched[],
  series: Series,
  durationS: number,
  loadEndS: number,
): Array<Watched & { figures: ProcessFigures }> {
  return watched.map((w) => {
    const all = series.get(w.name) ?? [];
    const loaded = all.filter((x) => x.t <= loadEndS);
    return { ...w, figures: processFigures(loaded, durationS / 2, all.at(-1)) };
  });
}
