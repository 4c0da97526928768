/**
 * Soak benchmark (npm run bench:soak): `vllm-slo sim`, `gateway` and `serve`
 * under a steady mixed load for 10 minutes (streamed and not, client
 * cancellations, faults, malformed requests), their RSS, open file
 * descriptors and live heap sampled, the second-half slopes reported with a
 * verdict, and the store's counts checked against the gateway's. Writes
 * bench/results/soak-<date>.md and .json.
 *
 *   npm run bench:soak -- [--duration 10m] [--rate 20] [--pods 3] [--sample-interval 5] [--scrape-interval 5]
 *   npm run bench:soak -- --from-json bench/results/soak-<date>.json   (the report again, from its samples)
 *
 * --duration takes seconds or a number with s, m or h.
 */
import { type ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exited, forkTs, nextMessage, ROOT, stopAll, stopChild } from './children.ts';
import { startFaults } from './soak-faults.ts';
import { compare, readGateway, readStore } from './soak-integrity.ts';
import type { DoneMessage, LoadConfig } from './soak-load.ts';
import { startGateway, startPeer, startServe, startSim } from './soak-procs.ts';
import { renderSoakReport, type SoakMachine, type SoakResult, type SoakSettings } from './soak-report.ts';
import { type Sample, type Series, startSampler, type Watched } from './soak-sampler.ts';
import { allFigures } from './soak-stats.ts';

/** A bad flag: one line and exit 2, no stack. */
class UsageError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function positive(flag: string, raw: string): number {
  const n = Number(raw);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`${flag} must be a positive number, got ${raw}`);
  return n;
}

function durationSeconds(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(raw);
  if (!m)
    throw new UsageError(`--duration must be seconds or a number with s, m or h (e.g. 10m), got ${raw}`);
  const n = Number(m[1]) * ({ s: 1, m: 60, h: 3600 }[m[2] ?? 's'] ?? 1);
  if (n < 60) throw new UsageError(`--duration must be at least 60s (half of it is warm-up), got ${raw}`);
  return n;
}

function settings(): SoakSettings {
  const options = {
    duration: { type: 'string', default: '10m' },
    rate: { type: 'string', default: '20' },
    pods: { type: 'string', default: '3' },
    'sample-interval': { type: 'string', default: '5' },
    'scrape-interval': { type: 'string', default: '5' },
  } as const;
  let values: { [K in keyof typeof options]: string };
  try {
    values = parseArgs({ options }).values;
  } catch (err) {
    // An unknown flag or one without its value: node's message names it.
    throw new UsageError((err as Error).message);
  }
  const scrapeS = positive('--scrape-interval', values['scrape-interval']);
  return {
    durationS: durationSeconds(values.duration),
    rate: positive('--rate', values.rate),
    pods: Math.round(positive('--pods', values.pods)),
    sampleS: positive('--sample-interval', values['sample-interval']),
    scrapeS,
    // Longer than every keep-alive timeout in the chain, and than two scrape intervals. The longest is the
    // gateway's idle pod connections: undici keeps them for the pod's advertised `Keep-Alive: timeout=65`
    // (the simulator's, Node's servers') less 2 s, not the 4 s it uses when a pod advertises none (uvicorn).
    drainS: Math.max(70, 2 * scrapeS + 1),
  };
}

function machine(): SoakMachine {
  const run = (cmd: string, args: string[]) =>
    execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let commit = 'not a git checkout';
  try {
    commit = run('git', ['rev-parse', '--short', 'HEAD']);
    if (run('git', ['status', '--porcelain', '--untracked-files=no'])) commit += ' with uncommitted changes';
  } catch {}
  return {
    date: run('date', ['-u', '+%F']),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    commit,
    load: [loadavg()[0] ?? 0, 0],
  };
}

/** Writes `<base>.md` and `<base>.json` (the result and every sample), formatted as the repository's formatter does. */
function writeReport(base: string, result: SoakResult, series: Series): void {
  mkdirSync(dirname(base), { recursive: true });
  const text = renderSoakReport(result);
  writeFileSync(`${base}.md`, text);
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ ...result, series: Object.fromEntries(series) }, null, 2)}\n`,
  );
  // The repository's formatter lays out Markdown tables and JSON too: run it so `npm run lint` stays clean.
  const biome = spawnSync(process.execPath, [
    resolve(ROOT, 'node_modules/@biomejs/biome/bin/biome'),
    'format',
    '--write',
    `${base}.md`,
    `${base}.json`,
  ]);
  if (biome.status !== 0) console.error(`soak-bench: biome could not format ${base}.md and .json`);
  console.log(`\n${text}\nwritten to ${base}.md and .json`);
}

/**
 * Renders the report again from a soak's JSON (after a change to the report, without a 10-minute
 * run), its figures recomputed from the samples. A JSON from before `loadEndS` was recorded: the
 * load's stop was sent as the duration ended, before the next sample.
 */
function rerender(file: string): void {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as SoakResult & { series: Record<string, Sample[]> };
  const { series: raw, ...result } = saved;
  const series: Series = new Map(Object.entries(raw));
  result.loadEndS ??= result.settings.durationS + 0.1;
  result.processes = allFigures(result.processes, series, result.settings.durationS, result.loadEndS);
  writeReport(file.replace(/\.json$/, ''), result, series);
}

async function main(): Promise<number> {
  const fromJson = process.argv.indexOf('--from-json');
  if (fromJson > 0) {
    const file = process.argv[fromJson + 1];
    if (!file?.endsWith('.json')) throw new UsageError('--from-json takes the path of a soak-<date>.json');
    rerender(file);
    return 0;
  }
  const s = settings();
  const m = machine();
  const dir = mkdtempSync(join(tmpdir(), 'vllm-slo-soak-'));
  const heapDir = join(dir, 'heap');
  mkdirSync(heapDir);
  // Inherited by every child; bench/heap-probe.ts writes there.
  process.env.HEAP_PROBE_DIR = heapDir;
  process.env.HEAP_PROBE_MS = String(s.sampleS * 1000);
  const gatewayLogs = new Map<string, number>();
  const sim = await startSim(s.pods);
  const gateway = await startGateway(sim.pods, gatewayLogs);
  const serve = await startServe(gateway.url, dir, s.scrapeS);
  const peer = await startPeer();
  console.log(
    `soak: ${s.durationS} s at ${s.rate} req/s; gateway ${gateway.url}, serve ${serve.url}, peer ${peer.url}`,
  );
  const watched: Watched[] = [
    { name: 'gateway', pid: gateway.pid, role: `vllm-slo gateway, ${s.pods} pods` },
    { name: 'sim', pid: sim.pid, role: `vllm-slo sim --pods ${s.pods}` },
    { name: 'serve', pid: serve.pid, role: 'vllm-slo serve --scrape-gateway' },
    { name: 'peer', pid: peer.pid, role: 'node:http peer (bench/peer-server.ts)' },
  ];
  const t0 = performance.now();
  const sampler = startSampler(watched, heapDir, s.sampleS * 1000, t0, (w) =>
    console.error(`soak: ${w.name} (pid ${w.pid}) is gone`),
  );
  const config: LoadConfig = {
    gateway: gateway.url,
    peer: peer.url,
    serve: serve.url,
    model: sim.model,
    rate: s.rate,
    seed: 17,
  };
  const load: ChildProcess = forkTs('load', 'bench/soak-load.ts', [JSON.stringify(config)]);
  const faults = startFaults(sim.pods, t0, 30_000, 60_000);
  const progress = setInterval(() => {
    const now = [...sampler.latest()].map(([n, x]) => `${n} ${x.rssMb.toFixed(0)} MB ${x.fds} fds`);
    console.log(`  ${((performance.now() - t0) / 1000).toFixed(0)} s: ${now.join(', ')}`);
  }, 60_000);
  await sleep(s.durationS * 1000);
  clearInterval(progress);
  const injections = faults.stop();
  const donePromise = nextMessage<DoneMessage>(load, 'done', 60_000);
  load.send('stop');
  const stoppedT = (performance.now() - t0) / 1000;
  const done = await donePromise;
  await exited(load);
  m.load[1] = loadavg()[0] ?? 0;
  // The generator has exited (its sockets closed); then every keep-alive connection times out, and serve
  // scrapes the gateway after the last request ended.
  await sleep(s.drainS * 1000);
  const series = sampler.stop();
  const counters = await readGateway(gateway.url);
  await stopChild(serve.child, 10_000);
  const integrity = compare(counters, readStore(serve.db, 'production'));

  const result: SoakResult = {
    machine: m,
    settings: s,
    loadEndS: stoppedT,
    processes: allFigures(watched, series, s.durationS, stoppedT),
    gateway: done.gateway,
    peer: done.peer,
    api: done.api,
    integrity,
    injections,
    gatewayLogs: Object.fromEntries(gatewayLogs),
  };
  writeReport(resolve(ROOT, 'bench', 'results', `soak-${m.date}`), result, series);
  rmSync(dir, { recursive: true, force: true });
  const lost = Object.values(integrity.difference).some((d) => d !== 0);
  const growing = result.processes.some((p) => p.figures.verdict === 'growing');
  return lost || growing ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`soak-bench: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`soak-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  }
} finally {
  await stopAll();
}
