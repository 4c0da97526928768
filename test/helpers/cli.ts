/** Running the CLI in-process, its output collected. */
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
