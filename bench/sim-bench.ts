/**
 * Simulator benchmark (npm run bench:sim): non-streaming throughput of
 * `vllm-slo sim --profile bench` as a ratio to a minimal node:http peer, and
 * 5,000 concurrent streams held by one simulated pod; CPU and RSS of the
 * simulator process from /proc. Prints a Markdown report and writes it to
 * bench/results/sim-<date>.md. About 1.5 minutes with the defaults.
 *
 * Settings (environment): BENCH_CONNECTIONS (100), BENCH_SECONDS (8),
 * BENCH_ROUNDS (3), BENCH_WARMUP_SECONDS (2), BENCH_STREAMS (5000),
 * BENCH_HOLD_SECONDS (20), BENCH_STEP_MS (250), BENCH_MAX_TOKENS (2000),
 * BENCH_ONLY (throughput | streams).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { ROOT, stopAll } from './children.ts';
import { openFileLimit } from './proc-stats.ts';
import { type Machine, renderReport, type Targets } from './sim-report.ts';
import { runStreams, type StreamResult, type StreamSettings } from './sim-streams.ts';
import { runThroughput, type ThroughputResult, type ThroughputSettings } from './sim-throughput.ts';

const TARGETS: Targets = { rps: 5000, streams: 5000 };
// Each stream is a socket at both ends (client and pod), plus what node and autocannon hold open.
const FDS_PER_STREAM = 2;
const FD_HEADROOM = 2000;

/** A bad BENCH_* setting: reported as one line, without a stack. */
class SettingError extends Error {}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!(Number.isFinite(n) && n > 0)) throw new SettingError(`${name} must be a positive number, got ${raw}`);
  return n;
}

function commit(run: (cmd: string, args: string[]) => string): string {
  try {
    const head = run('git', ['rev-parse', '--short', 'HEAD']);
    return run('git', ['status', '--porcelain']) ? `${head} with uncommitted changes` : head;
  } catch {
    return 'not a git checkout';
  }
}

function machine(): Machine {
  const run = (cmd: string, args: string[]) =>
    execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const pkg = createRequire(import.meta.url).resolve('autocannon/package.json');
  return {
    date: run('date', ['-u', '+%F']),
    cores: Number(run('nproc', [])),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    autocannon: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version,
    openFiles: openFileLimit(),
    commit: commit(run),
  };
}

/**
 * Runs the selected parts and writes the report; resolves with the process
 * exit code (1 when a target is missed or a part failed).
 */
export async function main(): Promise<number> {
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'throughput' && only !== 'streams')
    throw new SettingError(`BENCH_ONLY must be throughput or streams, got ${only}`);
  const throughputSettings: ThroughputSettings = {
    connections: envNumber('BENCH_CONNECTIONS', 100),
    seconds: envNumber('BENCH_SECONDS', 8),
    rounds: envNumber('BENCH_ROUNDS', 3),
    warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 2),
  };
  const streamSettings: StreamSettings = {
    streams: envNumber('BENCH_STREAMS', TARGETS.streams),
    maxTokens: envNumber('BENCH_MAX_TOKENS', 2000),
    holdSeconds: envNumber('BENCH_HOLD_SECONDS', 20),
    stepMs: envNumber('BENCH_STEP_MS', 250),
    freshMs: 3000,
  };
  const m = machine();
  if (only !== 'throughput') {
    // Checked first: running out of descriptors half-way shows up as EMFILE errors that look like
    // the simulator's fault.
    const need = streamSettings.streams * FDS_PER_STREAM + FD_HEADROOM;
    if ((m.openFiles ?? 0) < need) {
      console.error(
        `sim-bench: the open-file limit is ${m.openFiles ?? 'unknown'}, below the ${need} that ` +
          `${streamSettings.streams} streams need (a socket at each end). Raise it first, ` +
          `e.g. \`ulimit -n ${Math.max(need, 16384)}\`, or set BENCH_STREAMS lower.`,
      );
      return 2;
    }
  }
  console.log(`sim-bench ${m.date}: ${m.cores} cores, Node.js ${m.node}`);

  let throughput: ThroughputResult | undefined;
  let streams: StreamResult | undefined;
  if (only !== 'streams') {
    console.log('non-streaming throughput: simulator vs peer');
    throughput = await runThroughput(throughputSettings);
  }
  if (only !== 'throughput') {
    console.log(`${streamSettings.streams} concurrent streams`);
    streams = await runStreams(streamSettings);
  }

  const report = renderReport(
    m,
    TARGETS,
    throughput && { result: throughput, settings: throughputSettings },
    streams && { result: streams, settings: streamSettings },
  );
  const dir = resolve(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `sim-${m.date}.md`);
  writeFileSync(file, `${report.trimEnd()}\n`);
  console.log(`\n${report}\nwritten to ${file}`);
  return report.includes('MISSED') ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof SettingError) {
    console.error(`sim-bench: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`sim-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  }
} finally {
  await stopAll();
}
