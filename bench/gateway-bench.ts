/**
 * Gateway benchmark (npm run bench:gateway): against one minimal upstream on
 * loopback, the same loads on (a) the upstream directly, (b) nginx as a
 * reverse proxy (1 worker; and auto workers as extra information), (c)
 * Portkey's AI gateway and (d) `vllm-slo gateway`: maximum throughput (wrk)
 * and latency at a fixed 1,000 req/s; then 5,000 concurrent SSE streams
 * through vllm-slo with its RSS. Prints a Markdown report and writes it to
 * bench/results/gateway-<date>.md. About 3.5 minutes with the defaults.
 *
 * Needs nginx and wrk (apt-get install -y nginx wrk) and @portkey-ai/gateway (npm).
 * Settings (environment): BENCH_CONNECTIONS (50), BENCH_SECONDS (10),
 * BENCH_WARMUP_SECONDS (5), BENCH_RATE (1000), BENCH_RATE_SECONDS (10),
 * BENCH_STREAMS (5000), BENCH_HOLD_SECONDS (20), BENCH_CHUNK_MS (1000),
 * BENCH_ONLY (load | streams), BENCH_PROFILE (1: vllm-slo gateway under
 * `node --cpu-prof`; the profile's path is printed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, stopAll, stopChild } from './children.ts';
import { type LoadTarget, runRate, runWrk } from './gateway-load.ts';
import { stopAllTracked } from './gateway-procs.ts';
import {
  type GatewayMachine,
  type LoadSettings,
  renderGatewayReport,
  type TargetFigures,
} from './gateway-report.ts';
import {
  type GatewayStreamResult,
  type GatewayStreamSettings,
  runGatewayStreams,
} from './gateway-streams.ts';
import {
  checkTarget,
  type Started,
  startNginx,
  startPortkey,
  startUpstream,
  startVllmSlo,
  versions,
} from './gateway-targets.ts';
import { openFileLimit } from './proc-stats.ts';

// The model bench/gateway-upstream.ts lists and bench/stream-client.ts sends (so the gateway labels it).
const CHAT_BODY = JSON.stringify({
  model: 'sim/bench',
  messages: [{ role: 'user', content: 'hi' }],
  max_tokens: 16,
});
// The gateway holds two sockets per stream (client and upstream), plus its own few.
const FD_HEADROOM = 1000;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!(Number.isFinite(n) && n > 0)) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
}

/** A clear message for each missing tool, before any process starts. */
function preflight(m: GatewayMachine, streams: number | undefined): string[] {
  const problems: string[] = [];
  if (m.nginx === 'not installed') problems.push('nginx is not installed: apt-get install -y nginx');
  if (m.wrk === 'not installed') problems.push('wrk is not installed: apt-get install -y wrk');
  if (m.portkey === 'n/a')
    problems.push('@portkey-ai/gateway is not installed: npm install --save-dev @portkey-ai/gateway');
  if (streams !== undefined && (m.openFiles ?? 0) < streams * 2 + FD_HEADROOM)
    problems.push(
      `the open-file limit is ${m.openFiles ?? 'unknown'}, below the ${streams * 2 + FD_HEADROOM} that ${streams} ` +
        `streams need in the gateway (a socket to the client and one upstream each): run \`ulimit -n 65536\` first`,
    );
  // Two benchmarks at once on 2 cores would measure each other (sim-bench, store-bench, ...).
  const others = spawnSync('pgrep', ['-af', 'bench/[a-z-]+-bench\\.ts'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => l.trim() && !l.includes('gateway-bench'));
  if (others.length) problems.push(`another benchmark is running, wait for it: ${others.join('; ')}`);
  return problems;
}

function machine(): GatewayMachine {
  const v = versions();
  const wrk = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return {
    date: execFileSync('date', ['-u', '+%F'], { encoding: 'utf8' }).trim(),
    cores: Number(execFileSync('nproc', [], { encoding: 'utf8' }).trim()),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    nginx: v.nginx,
    portkey: v.portkey,
    wrk: wrk.error ? 'not installed' : (/wrk (\S+)/.exec(`${wrk.stdout}${wrk.stderr}`)?.[1] ?? 'unknown'),
    openFiles: openFileLimit(),
  };
}

/** Warm-up, maximum throughput and (unless `maxOnly`) the fixed rate, on one target. */
async function measure(t: LoadTarget, s: LoadSettings, tmpDir: string, upstreamPid: number, maxOnly = false) {
  const common = { body: CHAT_BODY, connections: s.connections, tmpDir, upstreamPid };
  // Node.js proxies run interpreted code at first: load them before measuring, and nginx alike.
  await runWrk(t, { ...common, seconds: s.warmupSeconds });
  const max = await runWrk(t, { ...common, seconds: s.seconds });
  console.log(`  ${t.name}: ${max.rps.toFixed(0)} req/s, p99 ${max.p99Ms.toFixed(2)} ms`);
  if (maxOnly) return { name: t.name, max, rate: undefined };
  const rate = await runRate(t, { body: CHAT_BODY, rate: s.rate, seconds: s.rateSeconds, upstreamPid });
  console.log(
    `  ${t.name} at ${s.rate} req/s: p50 ${(rate.p50Us / 1000).toFixed(3)} ms, p99 ${(rate.p99Us / 1000).toFixed(3)} ms`,
  );
  return { name: t.name, max, rate };
}

/** Runs the selected parts and writes the report; resolves with the exit code (1 when a target is missed). */
async function main(): Promise<number> {
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'load' && only !== 'streams')
    throw new Error(`BENCH_ONLY must be load or streams, got ${only}`);
  const s: LoadSettings = {
    connections: envNumber('BENCH_CONNECTIONS', 50),
    seconds: envNumber('BENCH_SECONDS', 10),
    warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 5),
    rate: envNumber('BENCH_RATE', 1000),
    rateSeconds: envNumber('BENCH_RATE_SECONDS', 10),
  };
  const ss: GatewayStreamSettings = {
    streams: envNumber('BENCH_STREAMS', 5000),
    holdSeconds: envNumber('BENCH_HOLD_SECONDS', 20),
    chunkMs: envNumber('BENCH_CHUNK_MS', 1000),
    freshMs: 3 * envNumber('BENCH_CHUNK_MS', 1000),
  };
  const m = machine();
  const problems = preflight(m, only === 'load' ? undefined : ss.streams);
  if (problems.length) {
    for (const p of problems) console.error(`gateway-bench: ${p}`);
    return 2;
  }
  console.log(
    `gateway-bench ${m.date}: ${m.cores} cores, Node.js ${m.node}, nginx ${m.nginx}, Portkey ${m.portkey}`,
  );
  const tmpDir = mkdtempSync(join(tmpdir(), 'vllm-slo-gateway-bench-'));
  const profileDir = process.env.BENCH_PROFILE === '1' ? join(tmpDir, 'profile') : undefined;
  const figures: TargetFigures[] = [];
  let streams: GatewayStreamResult | undefined;
  const upstream = await startUpstream(ss.chunkMs);
  const upstreamPid = upstream.child.pid ?? 0;
  if (only !== 'streams') {
    const proxies: Started[] = [];
    proxies.push(await startNginx(upstream.base, tmpDir, 1));
    proxies.push(await startNginx(upstream.base, tmpDir, 'auto'));
    proxies.push(await startPortkey(upstream.base));
    proxies.push(await startVllmSlo(upstream.base, profileDir));
    const all = [upstream.target, ...proxies.map((p) => p.target)];
    for (const t of all) await checkTarget(t, CHAT_BODY);
    console.log(
      `load: ${all.map((t) => t.name).join(', ')} (nginx: 1 worker; nginx-auto: ${proxies[1]?.target.pids.length} workers)`,
    );
    for (const t of all) figures.push(await measure(t, s, tmpDir, upstreamPid, t.name === 'nginx-auto'));
    // Stopped now, not at the end: the gateway writes its CPU profile as it exits.
    for (const p of proxies) await stopChild(p.child);
    await stopAllTracked();
  }
  if (only !== 'load') {
    console.log(`${ss.streams} concurrent SSE streams through the vllm-slo gateway`);
    streams = await runGatewayStreams(upstream.base, ss, profileDir && join(profileDir, 'streams'));
  }
  await stopChild(upstream.child);
  if (profileDir) console.log(`vllm-slo gateway CPU profiles (load part; streams/): ${profileDir}`);
  else rmSync(tmpDir, { recursive: true, force: true });

  if (only === 'streams') {
    console.log(JSON.stringify(streams, null, 2));
    return 0;
  }
  const { text, missed } = renderGatewayReport(m, s, figures, streams && { result: streams, settings: ss });
  const dir = resolve(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `gateway-${m.date}.md`);
  writeFileSync(file, `${text}\n`);
  // The repository's formatter aligns Markdown tables too; run it so `biome check bench` stays clean.
  const biome = spawnSync(process.execPath, [
    resolve(ROOT, 'node_modules/@biomejs/biome/bin/biome'),
    'format',
    '--write',
    file,
  ]);
  if (biome.status !== 0) console.error(`gateway-bench: biome could not format ${file}`);
  console.log(`\n${readFileSync(file, 'utf8')}written to ${file}`);
  if (missed.length) console.log(`\nmissed: ${missed.join('; ')}`);
  return missed.length ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`gateway-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  await stopAll();
  await stopAllTracked();
}
