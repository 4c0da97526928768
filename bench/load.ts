/**
 * Non-streaming load: autocannon, in its own process, against one server
 * process whose CPU and RSS are sampled from /proc while the load runs.
 */
import { createRequire } from 'node:module';
import { exited, spawnNode } from './children.ts';
import { type ProcWindow, sampleProcess } from './proc-stats.ts';

/** One autocannon run's figures and the target process's resources over it. */
export interface LoadResult {
  /** Responses of any status per second over the run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  proc: ProcWindow;
}

export interface LoadSettings {
  url: string;
  body: string;
  connections: number;
  seconds: number;
}

/** The fields of autocannon's JSON result that the report uses. */
interface AutocannonJson {
  latency: { p50: number; p99: number };
  requests: { total: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/**
 * Runs autocannon against `s.url` (POST with a JSON body) while sampling the
 * process `targetPid`; resolves when autocannon has printed its JSON result.
 */
export async function runLoad(s: LoadSettings, targetPid: number): Promise<LoadResult> {
  const child = spawnNode('autocannon', [
    AUTOCANNON,
    '--json',
    '-c',
    String(s.connections),
    '-d',
    String(s.seconds),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-b',
    s.body,
    s.url,
  ]);
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (t: string) => {
    out += t;
  });
  // autocannon takes about 0.3 s to load before it sends anything; sampling from its start would
  // count that idle time against the server's CPU%.
  await new Promise((r) => setTimeout(r, 300));
  const sampler = sampleProcess(targetPid);
  const code = await exited(child);
  const proc = sampler.stop();
  if (code !== 0) throw new Error(`autocannon exited with code ${code}`);
  // --json prints one JSON object per line; the result is the last one.
  const line = out.trim().split('\n').at(-1) ?? '';
  let r: AutocannonJson;
  try {
    r = JSON.parse(line) as AutocannonJson;
  } catch {
    throw new Error(`autocannon printed no JSON result: ${out.slice(0, 500)}`);
  }
  return {
    rps: r.requests.total / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    proc,
  };
}
