/**
 * One simulated pod for the concurrent-streams benchmark: the bench profile
 * (no admission limit that matters: 100,000 sequences, an unbounded KV cache,
 * no prefill or API cost) with one change, a fixed decode step time, so every
 * stream receives tokens at a modest, steady rate and stays open.
 *
 * Why not `vllm-slo sim` itself: with the bench profile a step takes 0 ms, so
 * 5,000 streams of 2,000 tokens would spin the engine flat out and finish
 * (a latency multiplier times 0 is still 0); with the 7b profile and
 * --max-num-seqs 10000 the 1,024-request waiting queue refuses a burst of
 * 5,000 (429), admitting costs 4 ms of prefill overhead per request (20 s of
 * steps for 5,000), and 450k KV tokens hold 5,000 sequences for only about 80
 * tokens each before preemption starts. No CLI flag sets the step time.
 *
 * Run: node --import tsx bench/sim-server.ts <decodeStepMs>; prints `listening <url>`.
 */
import { profile, SimPod } from '../src/sim/index.ts';

const stepMs = Number(process.argv[2] ?? 250);
if (!(stepMs > 0)) {
  console.error(`sim-server: decode step must be a positive number of ms, got ${process.argv[2]}`);
  process.exit(2);
}

const pod = new SimPod({
  name: 'vllm-bench-0',
  profile: profile('bench', { decodeBaseMs: stepMs }),
  port: 0,
});
const url = await pod.start();
console.log(`listening ${url}`);

for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    void pod.stop().then(() => process.exit(0));
  });
}
