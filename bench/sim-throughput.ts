/**
 * Non-streaming throughput of `vllm-slo sim --profile bench` against the
 * named peer (bench/peer-server.ts), each in its own process, with the same
 * autocannon settings. Runs alternate (simulator, peer, simulator, peer, ...)
 * so that a burst of noise on this shared machine hits both rather than one.
 */
import { spawnNode, stopChild, waitForLine } from './children.ts';
import { type LoadResult, runLoad } from './load.ts';

/** A short chat request that generates exactly 16 tokens. */
export const SHORT_CHAT_BODY = JSON.stringify({
  model: 'sim/bench',
  messages: [{ role: 'user', content: 'hi' }],
  max_tokens: 16,
  ignore_eos: true,
});

export interface ThroughputSettings {
  connections: number;
  seconds: number;
  rounds: number;
  /** Seconds of load on each server before the measured rounds, so both run JIT-compiled code. */
  warmupSeconds: number;
}

export interface ThroughputResult {
  /** One entry per round, simulator and peer measured back to back. */
  rounds: Array<{ sim: LoadResult; peer: LoadResult }>;
}

const URL_LINE = /(http:\/\/127\.0\.0\.1:\d+)/;

/** Starts both servers, warms them up, runs the rounds and stops them. */
export async function runThroughput(s: ThroughputSettings): Promise<ThroughputResult> {
  // Exactly what a user runs; port 0 so a busy 8000 cannot fail the benchmark.
  const sim = spawnNode('sim', ['bin/vllm-slo.js', 'sim', '--profile', 'bench', '--port', '0']);
  const peer = spawnNode('peer', ['--import', 'tsx', 'bench/peer-server.ts']);
  try {
    const [simMatch, peerMatch] = await Promise.all([
      waitForLine(sim, URL_LINE),
      waitForLine(peer, URL_LINE),
    ]);
    const targets = [
      { url: `${simMatch[1]}/v1/chat/completions`, pid: sim.pid ?? 0 },
      { url: `${peerMatch[1]}/v1/chat/completions`, pid: peer.pid ?? 0 },
    ] as const;
    const load = (t: (typeof targets)[number], seconds: number) =>
      runLoad({ url: t.url, body: SHORT_CHAT_BODY, connections: s.connections, seconds }, t.pid);
    for (const t of targets) await load(t, s.warmupSeconds);
    const rounds: ThroughputResult['rounds'] = [];
    for (let i = 0; i < s.rounds; i++) {
      const simResult = await load(targets[0], s.seconds);
      console.log(`  round ${i + 1} simulator: ${simResult.rps.toFixed(0)} req/s`);
      const peerResult = await load(targets[1], s.seconds);
      console.log(`  round ${i + 1} peer:      ${peerResult.rps.toFixed(0)} req/s`);
      rounds.push({ sim: simResult, peer: peerResult });
    }
    return { rounds };
  } finally {
    await Promise.all([stopChild(sim), stopChild(peer)]);
  }
}

/** Requests over all rounds divided by their total time, for one side. */
export function overallRps(r: ThroughputResult, side: 'sim' | 'peer'): number {
  const total = r.rounds.reduce((n, x) => n + x[side].total, 0);
  const seconds = r.rounds.reduce((n, x) => n + x[side].total / x[side].rps, 0);
  return seconds > 0 ? total / seconds : 0;
}
