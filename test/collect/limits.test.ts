/**
 * Size limits (issue 17: a 10.9 MB scrape of 100,000 series stalled the API
 * for 36 s and wrote 199,999 rows): a scrape past the sample limit fails
 * whole with the reason, a body past the size limit is refused before
 * parsing, the parser yields to the event loop, and the target's counters
 * are untouched, so the next good scrape counts normally.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Collector, DEFAULT_SAMPLE_LIMIT, parseExpositionLimited } from '../../src/collect/index.ts';
import { closeServer, gatewayTarget, RecordingSink, serveText, textScrapes } from './collector-harness.ts';

const good = (requests: number) =>
  `# TYPE vllm_requests_total counter\nvllm_requests_total{environment="dev",model="m",pod="p0"} ${requests}\n`;

/** About 10 MB: 100,000 gateway-shaped series of a million requests each. */
function huge(): string {
  const lines = [good(100)];
  for (let i = 0; i < 100_000; i++)
    lines.push(
      `vllm_requests_total{environment="dev",model="model-with-a-long-name-${i}",pod="pod-${i % 97}-abcdefgh"} 1000000\n`,
    );
  return lines.join('');
}

describe('Collector size limits', () => {
  it('refuses a 10 MB scrape of 100,000 series whole, with the reason, and counts on after it', async () => {
    const big = huge();
    assert.ok(big.length > 10_000_000, `${big.length} bytes`);
    const scrapes = await textScrapes();
    try {
      await scrapes.scrape(good(100));
      const refused = await scrapes.scrape(big);
      assert.equal(refused?.ok, false);
      assert.equal(
        refused?.error,
        `sample limit exceeded: more than ${DEFAULT_SAMPLE_LIMIT} samples (sample_limit), scrape refused whole`,
      );
      assert.equal(refused?.change, 'down');
      assert.deepEqual(scrapes.sink.take().adds, []);
      const next = await scrapes.scrape(good(130));
      assert.deepEqual([next?.ok, next?.change], [true, 'up']);
      assert.equal(
        scrapes.sink.take().adds.reduce((n, a) => n + a.rollup.requests, 0),
        30,
      );
    } finally {
      await scrapes.stop();
    }
  });

  it('refuses a body past the size limit before parsing it', async () => {
    const server = await serveText(() => good(1).repeat(100));
    const collector = new Collector({
      targets: [gatewayTarget(server)],
      sink: new RecordingSink(),
      bodyLimitBytes: 1000,
    });
    try {
      const [r] = await collector.scrapeOnce();
      assert.deepEqual([r?.ok, r?.error], [false, 'response larger than 1000 bytes']);
    } finally {
      await collector.stop();
      await closeServer(server);
    }
  });

  it('parses a large exposition in turns, letting other work run between them', async () => {
    const text = good(1) + huge().slice(0, 2_000_000);
    let turns = 0;
    let parsing = true;
    const spin = () => {
      if (!parsing) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const parsed = await parseExpositionLimited(text, 1_000_000);
    parsing = false;
    assert.ok(parsed.ok);
    // About 20,000 lines: the parser gave the event loop a turn every 2,000.
    assert.ok(turns >= 5, `${turns} turns of other work during the parse`);
  });
});
