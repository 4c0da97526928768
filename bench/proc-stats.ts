/**
 * CPU and memory of one process, read from /proc so that the figures belong to
 * the process under test alone (not to the load generator or this script).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux almost always). */
const CLK_TCK = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

interface ProcReading {
  /** utime + stime, in seconds. */
  cpuSeconds: number;
  rssMb: number;
}

function read(pid: number): ProcReading | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name, field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
    return { cpuSeconds: ticks / CLK_TCK, rssMb: rssKb / 1024 };
  } catch {
    return undefined;
  }
}

/** A process's resident set now, in MB (VmRSS); undefined when it is gone. */
export function rssMb(pid: number): number | undefined {
  return read(pid)?.rssMb;
}

/** How many file descriptors a process holds open now (/proc/<pid>/fd); undefined when it is gone. */
export function openFds(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}

/** What a process did over a sampled window. */
export interface ProcWindow {
  /** CPU time over wall time, in percent of one core (200 is both cores of this machine). */
  cpuPct: number;
  rssMaxMb: number;
  rssEndMb: number;
  seconds: number;
}

/**
 * Samples a process's RSS every `intervalMs` from now until `stop()`, and its
 * CPU time at both ends; `stop()` gives the window's figures.
 */
export function sampleProcess(pid: number, intervalMs = 250): { stop(): ProcWindow } {
  const t0 = performance.now();
  const first = read(pid);
  if (!first) throw new Error(`cannot read /proc/${pid}: is the process running (and is this Linux)?`);
  let rssMax = first.rssMb;
  let last = first;
  const timer = setInterval(() => {
    const r = read(pid);
    if (!r) return;
    last = r;
    rssMax = Math.max(rssMax, r.rssMb);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const end = read(pid) ?? last;
      rssMax = Math.max(rssMax, end.rssMb);
      const seconds = (performance.now() - t0) / 1000;
      return {
        cpuPct: ((end.cpuSeconds - first.cpuSeconds) / seconds) * 100,
        rssMaxMb: rssMax,
        rssEndMb: end.rssMb,
        seconds,
      };
    },
  };
}

/** The soft limit on open files of this process (children inherit it); undefined off Linux. */
export function openFileLimit(): number | undefined {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\S+)/m.exec(limits);
    if (!m?.[1]) return undefined;
    return m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
  } catch {
    return undefined;
  }
}

/**
 * The kernel's count of connections dropped because a listening socket's
 * accept queue was full (TcpExt ListenOverflows), machine-wide; undefined off Linux.
 */
export function listenOverflows(): number | undefined {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const names = lines[i]?.split(' ') ?? [];
    const values = lines[i + 1]?.split(' ') ?? [];
    const v = values[names.indexOf('ListenOverflows')];
    return v === undefined ? undefined : Number(v);
  } catch {
    return undefined;
  }
}
