/**
 * Running the real Prometheus tools from tests. A missing binary fails the
 * test with the command that installs it; nothing is skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGES: Record<string, string> = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  amtool: 'prometheus-alertmanager',
  'prometheus-alertmanager': 'prometheus-alertmanager',
};

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Throws (failing the test) when a tool is not on PATH, naming the package. */
export function requireTool(bin: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  if (r.status !== 0) {
    const pkg = PACKAGES[bin] ?? bin;
    throw new Error(
      `${bin} is not installed: run \`apt-get update && apt-get install -y ${pkg}\` (npm test does this as root)`,
    );
  }
}

/** Runs a tool to completion and returns its exit code and output. */
export function runTool(
  bin: string,
  args: readonly string[],
  options: { cwd?: string; input?: string } = {},
): RunResult {
  requireTool(bin);
  const r = spawnSync(bin, args, {
    encoding: 'utf8',
    cwd: options.cwd,
    input: options.input,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary directory, removed when `fn` settles. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-slo-test-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
