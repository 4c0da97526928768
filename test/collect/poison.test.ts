/**
 * Poisoned scrapes (issue 17, section 3): a duplicate series, counters that
 * are negative, NaN, infinite or beyond 2^53, a histogram with a NaN bucket,
 * more errors than requests. Each case is one fixture (test/fixtures/collect/
 * poison/), scraped between a good scrape before and a good one after: what
 * reaches the sink, what the report counts, and that the scrape after
 * counts from the last good values.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CollectorDelta, ScrapeReport } from '../../src/collect/index.ts';
import { textScrapes } from './collector-harness.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/collect/poison/${name}.prom`, import.meta.url), 'utf8');

/** requests, errors, durations observed; undefined where no rollup was written. */
type Numbers = [number, number, number] | undefined;

function numbers(adds: CollectorDelta[]): Numbers {
  assert.ok(adds.length <= 1, `one rollup at most, got ${adds.length}`);
  const r = adds[0]?.rollup;
  return r === undefined ? undefined : [r.requests, r.errorsTotal, r.duration.count];
}

/** Scrapes base, `name`, after; returns what each of the last two added and the poisoned scrape's report. */
async function run(name: string): Promise<{ poisoned: Numbers; after: Numbers; report: ScrapeReport }> {
  const scrapes = await textScrapes();
  try {
    await scrapes.scrape(fixture('base'));
    scrapes.sink.take();
    const report = await scrapes.scrape(fixture(name));
    assert.ok(report);
    const poisoned = numbers(scrapes.sink.take().adds);
    await scrapes.scrape(fixture('after'));
    return { poisoned, after: numbers(scrapes.sink.take().adds), report };
  } finally {
    await scrapes.stop();
  }
}

const REJECTED_COUNTER: Array<[string, RegExp]> = [
  ['counter-1e308', /beyond 2\^53/],
  ['counter-beyond-2-53', /beyond 2\^53/],
  ['counter-negative', /negative/],
  ['counter-infinite', /\+Inf/],
  ['counter-nan', /NaN/],
];

describe('Collector against poisoned scrapes', () => {
  it('keeps the first of a duplicate series and counts the duplicate', async () => {
    const { poisoned, after, report } = await run('duplicate-series');
    assert.deepEqual(poisoned, [10, 0, 10]);
    assert.deepEqual(after, [10, 1, 9]);
    assert.equal(report.duplicates, 1);
    assert.match(report.rejections.join('\n'), /vllm_requests_total\{.*pod="p0".*\}: duplicate series/);
  });

  for (const [name, reason] of REJECTED_COUNTER)
    it(`rejects a counter that is ${name.slice('counter-'.length)}, keeping its last good value`, async () => {
      const { poisoned, after, report } = await run(name);
      // The requests series gives nothing; errors did not move; durations count.
      assert.deepEqual(poisoned, [0, 0, 10]);
      assert.deepEqual(after, [20, 1, 9]);
      assert.equal(report.rejectedSamples, 1);
      assert.match(report.rejections.join('\n'), reason);
      assert.ok(report.ok, 'the rest of the scrape counts');
    });

  it('rejects a histogram with a NaN bucket whole, and counts it from its last good values after', async () => {
    const { poisoned, after, report } = await run('bucket-nan');
    assert.deepEqual(poisoned, [10, 0, 0]);
    assert.deepEqual(after, [10, 1, 19]);
    assert.equal(report.rejectedSamples, 1);
  });

  it('never writes more errors than requests: the contradicting rollup is dropped and counted', async () => {
    const { poisoned, after, report } = await run('more-errors-than-requests');
    assert.equal(poisoned, undefined);
    assert.equal(report.rejectedRollups, 1);
    assert.match(report.rejections.join('\n'), /45 errors but 1 requests/);
    // Errors went 50 -> 6: a reset, counted from zero.
    assert.deepEqual(after, [19, 6, 18]);
  });
});
