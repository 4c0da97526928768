/**
 * The processes of the soak, started as a user starts them (`node
 * bin/vllm-slo.js sim | gateway | serve`, tsx and all), each with the heap
 * probe preloaded: a simulated fleet with faults on, the gateway in front of
 * it, serve scraping the gateway into an embedded store in a temp dir, and
 * the peer (bench/peer-server.ts, a plain node:http server). Each resolves
 * once the process says where it listens.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSpecText } from '../src/spec/index.ts';
import { spawnNode, waitForLine } from './children.ts';
import { ready } from './gateway-targets.ts';

/** A started process and its base URL. */
export interface Running {
  child: ChildProcess;
  pid: number;
  url: string;
}

/** The simulator: its pods' URLs and the model they serve. */
export interface RunningSim extends Running {
  pods: Array<{ name: string; url: string }>;
  model: string;
}

// --expose-gc lets the probe run a full collection before it reads the heap.
const PROBE = ['--expose-gc', '--import', 'tsx', '--import', './bench/heap-probe.ts'];
const CLI = [...PROBE, 'bin/vllm-slo.js'];

/**
 * The simulator's own faults, always on (README "Faults"): 1 % 500s, 0.5 % 503s,
 * 1 % of streams cut, 1 % ending in vLLM's error event, 0.2 % never answered
 * (the gateway's response timeout ends those). Plus what soak-faults.ts
 * injects through the admin endpoint.
 */
export const SIM_FAULTS = [
  '--errors',
  '500=0.01,503=0.005',
  '--stream-cut-rate',
  '0.01',
  '--stream-error-rate',
  '0.01',
  '--hang-rate',
  '0.002',
];

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('a child process has no pid: it did not start');
  return child.pid;
}

/** `vllm-slo sim --pods N` with the 7b profile (realistic latency) and the faults above. */
export async function startSim(pods: number): Promise<RunningSim> {
  const child = spawnNode('sim', [
    ...CLI,
    'sim',
    '--pods',
    String(pods),
    '--environment',
    'production',
    '--profile',
    '7b',
    '--port',
    '0',
    ...SIM_FAULTS,
  ]);
  const m = await waitForLine(child, /model (\S+),[^\n]*\n((?:\s+\S+\s+http:\S+\n)+)Ctrl-C/, 30_000);
  child.stdout?.resume();
  const list = [...(m[2] ?? '').matchAll(/(\S+)\s+(http:\S+)/g)].map((x) => ({
    name: x[1] ?? '',
    url: x[2] ?? '',
  }));
  return { child, pid: pidOf(child), url: list[0]?.url ?? '', pods: list, model: m[1] ?? '' };
}

/**
 * `vllm-slo gateway` in front of the pods. Response and idle timeouts of 10 s
 * (60 s by default) so that the simulator's hung requests end, and are
 * counted, within the soak. `logs` counts its log lines by `event`.
 */
export async function startGateway(pods: RunningSim['pods'], logs: Map<string, number>): Promise<Running> {
  const child = spawnNode('gateway', [
    ...CLI,
    'gateway',
    '--environment',
    'production',
    ...pods.flatMap((p) => ['--upstream', `${p.name}=${p.url}`]),
    '--port',
    '0',
    '--response-timeout',
    '10s',
    '--idle-timeout',
    '10s',
  ]);
  const url = await ready(child, /gateway for \S+ at (http:\S+)/, 30_000);
  let partial = '';
  child.stdout?.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const event = /"event":"([^"]+)"/.exec(line)?.[1] ?? 'other';
      logs.set(event, (logs.get(event) ?? 0) + 1);
    }
  });
  return { child, pid: pidOf(child), url };
}

/** `vllm-slo serve` on the default spec, scraping the gateway every `intervalS` into `dir`/slo.db. */
export async function startServe(
  gateway: string,
  dir: string,
  intervalS: number,
): Promise<Running & { db: string }> {
  const spec = join(dir, 'slo.yaml');
  const db = join(dir, 'slo.db');
  writeFileSync(spec, defaultSpecText());
  const child = spawnNode('serve', [
    ...CLI,
    'serve',
    '--spec',
    spec,
    '--db',
    db,
    '--port',
    '0',
    '--scrape-gateway',
    `production=${gateway}/metrics`,
    '--scrape-interval',
    String(intervalS),
  ]);
  const url = await ready(child, /vllm-slo UI: (http:\/\/[^/\s]+)/, 60_000);
  return { child, pid: pidOf(child), url, db };
}

/** The named peer: a minimal node:http server answering a fixed chat completion (bench/peer-server.ts). */
export async function startPeer(): Promise<Running> {
  const child = spawnNode('peer', [...PROBE, 'bench/peer-server.ts', '0']);
  const url = await ready(child, /listening (http:\S+)/);
  return { child, pid: pidOf(child), url };
}
