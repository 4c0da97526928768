/**
 * Child processes of the benchmark: every server, load generator and client
 * runs in its own process so that the CPU and memory figures of the process
 * under test are its own. Every child is tracked here and killed by its pid
 * when the benchmark ends, fails or is interrupted.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/..), the working directory of every child. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const live = new Set<ChildProcess>();

function track(child: ChildProcess, name: string): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A child's stderr goes to ours, prefixed, so a crash in a server says where it came from.
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    for (const line of text.split('\n').filter(Boolean)) console.error(`[${name}] ${line}`);
  });
  return child;
}

/** Starts `node ...args` with piped stdout/stderr and tracks it for cleanup. */
export function spawnNode(name: string, args: readonly string[]): ChildProcess {
  return track(spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }), name);
}

/** Forks a TypeScript module (through tsx) with an IPC channel and tracks it for cleanup. */
export function forkTs(name: string, file: string, args: readonly string[] = []): ChildProcess {
  const child = fork(resolve(ROOT, file), [...args], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  return track(child, name);
}

/**
 * Waits for a line of the child's stdout that matches `pattern` and returns
 * the match; rejects if the child exits first or nothing matches in time.
 */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpMatchArray> {
  return new Promise((resolveLine, reject) => {
    let buffered = '';
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      fn();
    };
    const onData = (text: string) => {
      buffered += text;
      const m = pattern.exec(buffered);
      if (m) done(() => resolveLine(m));
    };
    const onExit = (code: number | null) =>
      done(() => reject(new Error(`child exited (code ${code}) before printing ${pattern}: ${buffered}`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms: ${buffered}`))),
      timeoutMs,
    );
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Resolves with the child's exit code (immediately if it has already exited). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

/**
 * Resolves with the child's next IPC message whose `type` is `type`; rejects if
 * the child exits first or none comes in time.
 */
export function nextMessage<T extends { type: string }>(
  child: ChildProcess,
  type: T['type'],
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolveMsg, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      fn();
    };
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type)
        done(() => resolveMsg(m as T));
    };
    const onExit = (code: number | null) =>
      done(() => reject(new Error(`child exited (code ${code}) before sending '${type}'`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`no '${type}' message within ${timeoutMs} ms`))),
      timeoutMs,
    );
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Stops every child still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((c) => stopChild(c)));
}

// Last resort: whatever path the benchmark leaves by, no child outlives it.
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping children`);
    void stopAll().finally(() => process.exit(130));
  });
}

/** Seconds until `done()` holds, polled every 100 ms; undefined if it does not within `limitMs`. */
export async function secondsUntil(
  done: () => Promise<boolean>,
  limitMs: number,
): Promise<number | undefined> {
  const start = performance.now();
  while (performance.now() - start < limitMs) {
    if (await done()) return (performance.now() - start) / 1000;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
