/**
 * Adapters on two consecutive scrapes of a gateway and of a vLLM server
 * (fixtures in test/fixtures/collect), against rollups computed by hand
 * from the fixtures' numbers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  type AdaptedRollup,
  adaptGateway,
  adaptVllm,
  CounterDeltas,
  gatewayPodHealth,
  parseExposition,
  servedModel,
} from '../../src/collect/index.ts';
import { exactAbove } from '../../src/engine/index.ts';

const fixture = (name: string) =>
  parseExposition(readFileSync(new URL(`../fixtures/collect/${name}`, import.meta.url), 'utf8'));

/**
 * The deltas between two fixtures scraped 15 s apart at 1,700,000,000 s (the
 * `_created` samples of series new in the second are between), and the
 * second one's samples.
 */
function twoScrapes(first: string, second: string) {
  const d = new CounterDeltas();
  const a = fixture(first);
  const b = fixture(second);
  assert.deepEqual([...a.problems, ...b.problems], []);
  d.observe(a.samples, a.types, 1_700_000_000_000);
  return { deltas: d.observe(b.samples, b.types, 1_700_000_015_000).deltas, samples: b.samples };
}

function find(rollups: AdaptedRollup[], pod: string): AdaptedRollup {
  const r = rollups.find((x) => x.pod === pod);
  assert.ok(r, `no rollup for ${pod}`);
  return r;
}

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe('adaptGateway', () => {
  const { deltas, samples } = twoScrapes('gateway-t0.prom', 'gateway-t1.prom');
  const rollups = adaptGateway(deltas);

  it('gives one rollup per pod that did something', () => {
    assert.deepEqual(rollups.map((r) => `${r.model}/${r.pod}`).sort(), ['llama/p0', 'llama/p2']);
  });

  it('counts requests, errors by class and type, cancellations and tokens', () => {
    const r = find(rollups, 'p0').rollup;
    assert.equal(r.requests, 10);
    // server:internal went 2 -> 3; client:rate_limited 0 -> 2 (the gateway creates its series at 0).
    assert.deepEqual([...r.errors].sort(), [
      ['client:rate_limited', 2],
      ['server:internal', 1],
    ]);
    assert.equal(r.errorsTotal, 3);
    assert.equal(r.cancellations, 2);
    assert.equal(r.promptTokens, 1000);
    assert.equal(r.generationTokens, 2000);
    assert.equal(find(rollups, 'p2').rollup.requests, 1);
  });

  it('turns the duration buckets into a sketch exact at every bound', () => {
    const d = find(rollups, 'p0').rollup.duration;
    // Bucket deltas 4, 6, 8, 9, 10 (cumulative): 4 in (0,0.5], 2 in (0.5,1], 2 in (1,3], 1 in (3,6], 1 above 6.
    assert.equal(d.count, 10);
    assert.equal(d.countAbove(0.5), 6);
    assert.equal(d.countAbove(1), 4);
    assert.equal(d.countAbove(3), 2);
    assert.equal(d.countAbove(6), 1);
    close(d.sum, 15);
  });

  it('does the same for TTFT', () => {
    const t = find(rollups, 'p0').rollup.ttft;
    // Deltas 6, 8, 8, 10: 6 in (0,0.2], 2 in (0.2,0.5], none in (0.5,1], 2 above 1.
    assert.equal(t.count, 10);
    assert.equal(t.countAbove(0.2), 4);
    assert.equal(t.countAbove(0.5), 2);
    assert.equal(t.countAbove(1), 2);
    close(t.sum, 2.5);
  });

  it('counts above the thresholds that are bucket bounds exactly, the others at the bound below', () => {
    const exact = adaptGateway(deltas, { duration: [3, 6, 2], ttft: [0.5] });
    const r = find(exact, 'p0').rollup;
    // Duration deltas 4, 6, 8, 9, 10: 2 above 3 s, 1 above 6 s; 2 s is no bound: counted at 1 s (4 above).
    // TTFT 6, 8, 8, 10: 2 above 0.5 s.
    assert.deepEqual(Object.fromEntries(r.above), {
      'duration:2': { above: 4, covered: 10 },
      'duration:3': { above: 2, covered: 10 },
      'duration:6': { above: 1, covered: 10 },
      'ttft:0.5': { above: 2, covered: 10 },
    });
    assert.equal(exactAbove(r, 'duration', 3), 2);
    assert.equal(exactAbove(r, 'duration', 2), 4);
    // Without thresholds, nothing is claimed.
    assert.equal(find(rollups, 'p0').rollup.above.size, 0);
  });

  it('reads pod health from vllm_pod_up', () => {
    assert.deepEqual(gatewayPodHealth(samples), [
      { pod: 'p0', up: true },
      { pod: 'p1', up: false },
    ]);
  });
});

describe('adaptVllm', () => {
  const { deltas, samples } = twoScrapes('vllm-t0.prom', 'vllm-t1.prom');
  const rollups = adaptVllm(deltas, 'vllm-0', samples);

  it('gives one rollup for the served model on the target pod', () => {
    assert.equal(servedModel(samples), 'llama-8b');
    assert.deepEqual(
      rollups.map((r) => `${r.model}/${r.pod}`),
      ['llama-8b/vllm-0'],
    );
  });

  it('counts finished requests of every engine plus rejected ones; aborts are cancellations', () => {
    const r = find(rollups, 'vllm-0').rollup;
    // stop +6 (engine 0) +2 (engine 1), length +1, chat 4xx +2, completions 5xx +1 (new series,
    // created since the previous scrape).
    assert.equal(r.requests, 12);
    assert.deepEqual([...r.errors].sort(), [
      ['client:invalid_request', 2],
      ['server:internal', 1],
    ]);
    assert.equal(r.errorsTotal, 3);
    assert.equal(r.cancellations, 1);
    assert.equal(r.promptTokens, 600);
    assert.equal(r.generationTokens, 1000);
  });

  it('reads the e2e and TTFT buckets, le="5.0" included', () => {
    const r = find(rollups, 'vllm-0').rollup;
    // e2e deltas 1, 3, 5, 7, 8, 8: 1 in (0,0.3], 2 in (0.3,0.5], 2 in (0.5,1], 2 in (1,2.5], 1 in (2.5,5].
    assert.equal(r.duration.count, 8);
    assert.equal(r.duration.countAbove(0.5), 5);
    assert.equal(r.duration.countAbove(1), 3);
    assert.equal(r.duration.countAbove(2.5), 1);
    assert.equal(r.duration.countAbove(5), 0);
    close(r.duration.sum, 10);
    // TTFT deltas 3, 5, 6, 7, 7: 3 in (0,0.1], 2 in (0.1,0.25], 1 in (0.25,0.5], 1 in (0.5,1].
    assert.equal(r.ttft.count, 7);
    assert.equal(r.ttft.countAbove(0.1), 4);
    assert.equal(r.ttft.countAbove(0.25), 2);
    assert.equal(r.ttft.countAbove(0.5), 1);
    close(r.ttft.sum, 1.4);
  });

  it('counts exactly at thresholds among its bounds, the others at the bound below (summed over engines)', () => {
    const r = find(
      adaptVllm(deltas, 'vllm-0', samples, { duration: [0.5, 3], ttft: [0.5] }),
      'vllm-0',
    ).rollup;
    // vLLM has no 3 s bound: counted at 2.5 s (1 above), never interpolated.
    assert.deepEqual(Object.fromEntries(r.above), {
      'duration:0.5': { above: 5, covered: 8 },
      'duration:3': { above: 1, covered: 8 },
      'ttft:0.5': { above: 1, covered: 7 },
    });
  });

  it('leaves idle intervals out', () => {
    const d = new CounterDeltas();
    const a = fixture('vllm-t1.prom');
    d.observe(a.samples, a.types);
    assert.deepEqual(adaptVllm(d.observe(a.samples, a.types).deltas, 'vllm-0', a.samples), []);
  });
});
