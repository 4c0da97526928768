/**
 * A sample of fuzz cases through the real CLI as a child process: `vllm-slo
 * validate` and `vllm-slo generate` must exit as the in-process check says
 * (0 accepted, 2 rejected: the usage code every command gives a bad spec) and never print a stack trace.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../../src/cli/exit-codes.ts';
import { fuzzCase } from './cases.ts';
import { type CaseReport, looksLikeStackTrace } from './check-case.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'vllm-slo.js');

interface Exit {
  code: number | null;
  stderr: string;
  killed: boolean;
}

function run(args: string[], timeoutMs: number): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (err, _stdout, stderr) => {
        const e = err as (Error & { code?: unknown; killed?: boolean }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          stderr,
          killed: e?.killed ?? false,
        });
      },
    );
  });
}

/** The exit code the CLI owes a case, or undefined when the in-process check already failed it. */
function expectedExit(report: CaseReport, text: string): number | undefined {
  if (report.failures.some((f) => f.kind !== 'promtool' && f.kind !== 'amtool')) return undefined;
  // readSpec refuses a file with NUL characters before parsing (not_text).
  if (text.includes('\u0000')) return EXIT.usage;
  return report.outcome === 'accepted' ? EXIT.ok : EXIT.usage;
}

/** Runs validate and generate on the case's spec in `dir`; adds any failure to the report. */
export async function checkWithCli(report: CaseReport, dir: string, timeoutMs: number): Promise<void> {
  const c = fuzzCase(report.seed);
  const file = join(dir, `cli-seed-${c.seed}.yaml`);
  writeFileSync(file, c.text);
  const expected = expectedExit(report, c.text);
  const runs = await Promise.all([
    run(['validate', file], timeoutMs),
    run(['generate', file, '-o', join(dir, `cli-out-${c.seed}`)], timeoutMs),
  ]);
  for (const [i, r] of runs.entries()) {
    const command = i === 0 ? 'validate' : 'generate';
    const say = (message: string) => report.failures.push({ kind: 'cli', message: `${command}: ${message}` });
    if (r.killed) say(`did not finish within ${timeoutMs} ms`);
    else if (expected !== undefined && r.code !== expected) say(`exit ${r.code}, expected ${expected}`);
    if (looksLikeStackTrace(r.stderr)) say(`stack trace on stderr: ${r.stderr.slice(0, 300)}`);
  }
}
