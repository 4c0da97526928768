/**
 * Non-Node children of the gateway benchmark (wrk, nginx). bench/children.ts
 * tracks only the processes it starts itself and does not export its
 * tracking, so these get their own, with the same guarantee: every one is
 * killed by its pid when the benchmark ends, fails or is interrupted.
 * nginx's workers are grandchildren; they are tracked by pid as well, since
 * they outlive a master that is SIGKILLed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { exited } from './children.ts';

const live = new Set<ChildProcess>();
const extraPids = new Map<number, string>();

/** Starts `cmd args` (stdout piped, stderr prefixed onto ours) and tracks it for cleanup. */
export function spawnTracked(name: string, cmd: string, args: readonly string[]): ChildProcess {
  const child = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', (err) => console.error(`[${name}] cannot start ${cmd}: ${err.message}`));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    for (const line of text.split('\n').filter(Boolean)) console.error(`[${name}] ${line}`);
  });
  return child;
}

/** Also kill `pid` (a grandchild) at the end, if it is still there and still runs `comm`. */
export function trackPid(pid: number, comm: string): void {
  extraPids.set(pid, comm);
}

/** The pids of a process's direct children, from /proc (Linux 3.5+). */
export function childPids(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

/** Kills `pid` only if its command name is still `comm`: a pid freed by a worker may be reused. */
function killPid(pid: number, comm: string): void {
  try {
    if (!readFileSync(`/proc/${pid}/comm`, 'utf8').includes(comm)) return;
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** SIGTERM (nginx: fast shutdown, its workers with it), then SIGKILL after `graceMs`. */
export async function stopTracked(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited(child);
    clearTimeout(timer);
  }
}

/** Stops every tracked child, then kills any tracked grandchild still running. */
export async function stopAllTracked(): Promise<void> {
  await Promise.all([...live].map((c) => stopTracked(c)));
  for (const [pid, comm] of extraPids) killPid(pid, comm);
  extraPids.clear();
}

// Last resort, as bench/children.ts does for its own: nothing outlives the benchmark.
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
  for (const [pid, comm] of extraPids) killPid(pid, comm);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void stopAllTracked();
  });
}
