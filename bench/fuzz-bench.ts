/**
 * Spec fuzzer benchmark (npm run bench:fuzz), issue 17 section 5: thousands of
 * seeded spec mutations through validate and generate (in-process, with a
 * watchdog), promtool and amtool, and a sample through the real CLI.
 *
 *   npm run bench:fuzz -- [--from 1] [--count 3000] [--cli-every 50] [--timeout-ms 30000]
 *
 * Writes bench/results/fuzz-<date>.md and prints it. Exits 1 when a case
 * failed (a stack trace, a hang, an accepted spec a tool refuses, ...).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runFuzz } from '../test/helpers/spec-fuzz/fuzz.ts';
import { renderFuzzReport } from './fuzz-report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A bad flag: one line, exit 2, no stack. */
class SettingError extends Error {}

function integer(name: string, raw: string | undefined, min: number): number {
  const v = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw) || !Number.isSafeInteger(v) || v < min)
    throw new SettingError(`--${name} must be a whole number of at least ${min}, got ${JSON.stringify(raw)}`);
  return v;
}

function sh(cmd: string, argv: string[]): string {
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return `${cmd} (version unknown)`;
  }
}

const version = (bin: string): string =>
  sh(bin, ['--version'])
    .split('\n')[0]
    ?.replace(/ \(branch.*/, '') ?? bin;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string', default: '1' },
      count: { type: 'string', default: '3000' },
      'cli-every': { type: 'string', default: '50' },
      'timeout-ms': { type: 'string', default: '30000' },
    },
  });
  const from = integer('from', values.from, 0);
  const count = integer('count', values.count, 1);
  const cliEvery = integer('cli-every', values['cli-every'], 0);
  const timeoutMs = integer('timeout-ms', values['timeout-ms'], 100);
  const seeds = Array.from({ length: count }, (_, i) => from + i);
  const start = performance.now();
  const reports = await runFuzz({
    seeds,
    timeoutMs,
    cliEvery,
    onProgress: (done, total) => console.error(`fuzz: ${done}/${total} cases`),
  });
  const head = sh('git', ['rev-parse', '--short', 'HEAD']);
  const run = {
    date: sh('date', ['-u', '+%F']),
    commit: sh('git', ['status', '--porcelain']) ? `${head} with uncommitted changes` : head,
    node: process.version,
    promtool: version('promtool'),
    amtool: version('amtool'),
    from,
    count,
    cliEvery,
    timeoutMs,
    seconds: (performance.now() - start) / 1000,
    reports,
  };
  const report = renderFuzzReport(run);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fuzz-${run.date}.md`);
  writeFileSync(file, report);
  console.log(`${report}\nwritten to ${file}`);
  return reports.some((r) => r.failures.length > 0) ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  const setting = err instanceof SettingError;
  console.error(
    `fuzz-bench: ${setting || !(err instanceof Error) ? String(err instanceof Error ? err.message : err) : (err.stack ?? err.message)}`,
  );
  process.exitCode = setting ? 2 : 1;
}
