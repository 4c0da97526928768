/** The benchmark's Markdown report: machine, settings, figures and whether each target was met. */
import type { LoadResult } from './load.ts';
import type { StreamResult, StreamSettings } from './sim-streams.ts';
import { overallRps, type ThroughputResult, type ThroughputSettings } from './sim-throughput.ts';

export interface Machine {
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  autocannon: string;
  openFiles: number | undefined;
  /** The checkout measured: short commit, noting uncommitted changes. */
  commit: string;
}

export interface Targets {
  rps: number;
  streams: number;
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

/** The middle value (mean of the two middle ones for an even count): one noisy round cannot move it far. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}

/** Requests served per second of the server's own CPU time: efficiency, whoever saturates first. */
const perCpuSecond = (r: LoadResult) => r.rps / (r.proc.cpuPct / 100);

/**
 * A Markdown table with padded columns, laid out exactly as `biome format`
 * lays it out, so that the results files pass `biome check bench` as written.
 */
function table(
  header: readonly string[],
  align: readonly ('l' | 'r')[],
  rows: readonly string[][],
): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (align[i] === 'r' ? (cells[i] ?? '').padStart(w) : (cells[i] ?? '').padEnd(w))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)];
}

function loadRow(round: string, server: string, r: LoadResult): string[] {
  return [
    round,
    server,
    f0(r.rps),
    String(r.p50Ms),
    String(r.p99Ms),
    String(r.non2xx),
    String(r.errors),
    f0(r.proc.cpuPct),
    f0(perCpuSecond(r)),
    f0(r.proc.rssMaxMb),
  ];
}

function throughputSection(t: ThroughputResult, s: ThroughputSettings, target: number): string[] {
  const simRps = overallRps(t, 'sim');
  const peerRps = overallRps(t, 'peer');
  const ratios = t.rounds.map((r) => r.sim.rps / r.peer.rps);
  const perRound = ratios.map(f2).join(', ');
  const cpuRatio = t.rounds.map((r) => f2(perCpuSecond(r.sim) / perCpuSecond(r.peer))).join(', ');
  const clean = t.rounds.every((r) => r.sim.non2xx === 0 && r.sim.errors === 0);
  const met = simRps >= target && clean;
  return [
    '## Non-streaming throughput',
    '',
    `POST /v1/chat/completions, one-word prompt, max_tokens 16, ignore_eos; autocannon, ${s.connections} connections, ` +
      `${s.seconds} s per run after ${s.warmupSeconds} s of warm-up per server, ${s.rounds} round(s) alternating ` +
      'simulator (`vllm-slo sim --profile bench`) and peer (bench/peer-server.ts: node:http, JSON.parse of the body, ' +
      'a fixed chat.completion of the same size). CPU is % of one core (200 = both), of the server process only; ' +
      'req per CPU-s is req/s over that, the efficiency figure when the load generator (one core) saturates first.',
    '',
    ...table(
      [
        'round',
        'server',
        'req/s',
        'p50 ms',
        'p99 ms',
        'non-2xx',
        'errors',
        'server CPU %',
        'req per CPU-s',
        'server RSS max MB',
      ],
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      t.rounds.flatMap((r, i) => [
        loadRow(String(i + 1), 'simulator', r.sim),
        loadRow(String(i + 1), 'peer', r.peer),
      ]),
    ),
    '',
    `**Simulator / peer throughput: ${f2(median(ratios))}** (median of the rounds: ${perRound}; ` +
      `${f0(simRps)} vs ${f0(peerRps)} req/s over all rounds).`,
    `Simulator / peer requests per CPU-second, per round: ${cpuRatio}.`,
    `Target: at least ${target.toLocaleString('en-US')} req/s with no errors — **${met ? 'met' : 'MISSED'}**.`,
    '',
  ];
}

function streamSection(r: StreamResult, s: StreamSettings, target: number): string[] {
  const n = s.streams;
  const others = Object.entries(r.opened.statuses)
    .filter(([k]) => k !== '200')
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const met =
    n >= target &&
    r.opened.ok === n &&
    r.report.fresh === n &&
    r.engineRunning === n &&
    r.drainSeconds !== undefined;
  return [
    '## Concurrent streams',
    '',
    `${n.toLocaleString('en-US')} streaming chat requests (max_tokens ${s.maxTokens}, ignore_eos) from one client process ` +
      `(bench/stream-client.ts, node:http) to one simulated pod (bench/sim-server.ts: the bench profile with a ` +
      `${s.stepMs} ms decode step, so ${f1(1000 / s.stepMs)} tokens/s per stream), held ${s.holdSeconds} s, then aborted.`,
    '',
    ...table(
      ['figure', 'value'],
      ['l', 'r'],
      [
        ['streams answered 200', `${r.opened.ok} / ${n}`],
        [
          'other statuses, errors',
          `${others || 'none'}${r.opened.errors.length ? ` (${r.opened.errors.join('; ')})` : ''}`,
        ],
        ['time to open all', `${f1(r.opened.seconds)} s`],
        ['SYNs dropped by a full accept queue while opening', `${r.listenOverflows ?? 'n/a'}`],
        [
          'open at the end of the hold',
          `${r.report.open} (ended ${r.report.ended}, failed ${r.report.failed})`,
        ],
        [`receiving at the end (a chunk in the last ${s.freshMs / 1000} s)`, `${r.report.fresh}`],
        ['streams that received events during the hold', `${r.report.progressed}`],
        ['longest silence of an open stream', `${f0(r.report.maxSilenceMs)} ms`],
        ['vllm:num_requests_running at the end', `${r.engineRunning}`],
        ['SSE events/s, all streams', `${f0(r.report.eventsPerSecond)}`],
        ['simulator CPU % while holding', `${f0(r.sim.cpuPct)}`],
        ['simulator RSS idle, holding (max)', `${f0(r.idleRssMb)} MB, ${f0(r.sim.rssMaxMb)} MB`],
        ['simulator RSS per stream', `${f1(((r.sim.rssMaxMb - r.idleRssMb) * 1024) / n)} KB`],
        ['client CPU %, RSS max', `${f0(r.client.cpuPct)}, ${f0(r.client.rssMaxMb)} MB`],
        [
          'batch empty after abort',
          `${r.drainSeconds === undefined ? 'NO (not within 15 s)' : `${f1(r.drainSeconds)} s`}`,
        ],
      ],
    ),
    '',
    `Target: ${target.toLocaleString('en-US')} streams open, all receiving, none refused — **${met ? 'met' : 'MISSED'}**.`,
    '',
  ];
}

/** The whole report; sections that were not run are left out. */
export function renderReport(
  m: Machine,
  targets: Targets,
  throughput: { result: ThroughputResult; settings: ThroughputSettings } | undefined,
  streams: { result: StreamResult; settings: StreamSettings } | undefined,
): string {
  return [
    `# Simulator benchmark, ${m.date}`,
    '',
    `Code: ${m.commit}. Machine: ${m.cores} cores (nproc), ${m.cpuModel}, Node.js ${m.node}, autocannon ${m.autocannon}, ` +
      `open-file limit ${m.openFiles ?? 'unknown'}. Load generator, servers and client share the cores; ` +
      'the machine is shared, so compare ratios, not absolute figures, across runs.',
    '',
    ...(throughput ? throughputSection(throughput.result, throughput.settings, targets.rps) : []),
    ...(streams ? streamSection(streams.result, streams.settings, targets.streams) : []),
  ].join('\n');
}
