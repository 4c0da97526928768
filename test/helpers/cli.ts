/** Running the CLI in-process, its output collected, or as the real binary with a kill timeout. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Output } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

/** `vllm-slo ...args`: the exit code and what went to stdout and stderr, without colour. */
export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o: Output = { out: (l) => out.push(l), err: (l) => err.push(l), color: false };
  const code = await main(['node', 'vllm-slo', ...args], o);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vllm-slo.js');

/** Generous: a process still running after this is a hang, whatever the machine's load. */
export const KILL_AFTER_MS = 20_000;

/** How a run of the binary ended; `killed` when it was still running after KILL_AFTER_MS. */
export interface BinRun {
  code: number | null;
  stderr: string;
  killed: boolean;
}

/** `node bin/vllm-slo.js ...args` in `cwd`, stdin closed, killed after KILL_AFTER_MS. */
export function runBin(args: readonly string[], cwd: string): Promise<BinRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, KILL_AFTER_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, killed });
    });
  });
}
