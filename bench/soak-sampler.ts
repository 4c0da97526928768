/**
 * The soak's sampler: every few seconds, each watched process's resident set
 * (VmRSS) and open file descriptors from /proc, and its live heap from the
 * file bench/heap-probe.ts writes. It runs in the soak's own process, which
 * does nothing else meanwhile, so a sample is taken on time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeapReading } from './heap-probe.ts';
import { openFds, rssMb } from './proc-stats.ts';

/** One reading of one process. */
export interface Sample {
  /** Seconds since the soak's load started. */
  t: number;
  rssMb: number;
  fds: number;
  /** Live heap after a full GC (the probe's last reading); undefined before its first. */
  heapMb: number | undefined;
}

/** A process the soak watches. */
export interface Watched {
  name: string;
  pid: number;
  /** What it is, for the report (e.g. "vllm-slo gateway, 3 upstreams"). */
  role: string;
}

/** The samples of every watched process, by name. */
export type Series = Map<string, Sample[]>;

function heapOf(dir: string, pid: number): number | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, `${pid}.json`), 'utf8')) as HeapReading).heapMb;
  } catch {
    return undefined;
  }
}

/**
 * Samples every process of `watched` each `intervalMs`, times measured from
 * `t0` (performance.now()); `stop()` ends it and returns the series. A
 * process that has gone is reported through `onGone`, once.
 */
export function startSampler(
  watched: readonly Watched[],
  heapDir: string,
  intervalMs: number,
  t0: number,
  onGone: (w: Watched) => void,
): { stop(): Series; latest(): Map<string, Sample> } {
  const series: Series = new Map(watched.map((w) => [w.name, []]));
  const gone = new Set<string>();
  const take = () => {
    const t = (performance.now() - t0) / 1000;
    for (const w of watched) {
      const rss = rssMb(w.pid);
      const fds = openFds(w.pid);
      if (rss === undefined || fds === undefined) {
        if (!gone.has(w.name)) onGone(w);
        gone.add(w.name);
        continue;
      }
      series.get(w.name)?.push({ t, rssMb: rss, fds, heapMb: heapOf(heapDir, w.pid) });
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return series;
    },
    latest() {
      const out = new Map<string, Sample>();
      for (const [name, s] of series) {
        const last = s.at(-1);
        if (last) out.set(name, last);
      }
      return out;
    },
  };
}
