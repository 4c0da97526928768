/**
 * A scrape gap (issue 17: after 60 s unreachable, the missed counts landed
 * in one minute, 162 then 1,500 requests where 1,200 a minute was true):
 * the next good scrape's counts are spread over the missed intervals, so
 * every minute of the gap gets its share; the target's down and up are one
 * log line each.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { Collector, type ScrapeReport, scrapeLogLines, slotShare } from '../../src/collect/index.ts';
import { closeServer, gatewayTarget, RecordingSink } from './collector-harness.ts';

const MINUTE = 60_000;

describe('Scrape gaps', () => {
  it('puts the counts of a 60 s outage in the minutes they happened, at 1,200 a minute', async () => {
    // 20 requests a second; the target answers 503 for a minute.
    let requests = 0;
    let up = true;
    const server = createServer((_req, res) => {
      if (!up) res.writeHead(503).end();
      else
        res
          .writeHead(200)
          .end(
            `# TYPE vllm_requests_total counter\nvllm_requests_total{environment="dev",model="m",pod="p0"} ${requests}\n`,
          );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const start = Date.UTC(2026, 0, 1, 10, 0, 0);
    let clock = start;
    const sink = new RecordingSink();
    const collector = new Collector({
      targets: [gatewayTarget(server)],
      sink,
      intervalMs: 15_000,
      now: () => clock,
    });
    const logs: string[] = [];
    const round = async () => {
      const reports: ScrapeReport[] = await collector.scrapeOnce();
      for (const r of reports) logs.push(...scrapeLogLines(r));
      clock += 15_000;
      requests += 300;
    };
    try {
      // 10:00:00 .. 10:00:45 good, 10:01:00 .. 10:01:45 down, 10:02:00 .. 10:02:45 good.
      for (let i = 0; i < 12; i++) {
        up = i < 4 || i >= 8;
        await round();
      }
      const perMinute = new Map<number, number>();
      for (const a of sink.adds) {
        const minute = Math.floor(a.at / MINUTE) * MINUTE;
        perMinute.set(minute, (perMinute.get(minute) ?? 0) + a.rollup.requests);
      }
      assert.deepEqual(
        [...perMinute].map(([m, n]) => [(m - start) / MINUTE, n]),
        [
          [0, 900],
          [1, 1200],
          [2, 1200],
        ],
      );
      const messages = logs.map((l) => JSON.parse(l) as { msg: string; last_success?: string });
      assert.deepEqual(
        messages.map((m) => m.msg),
        ['scrape target down', 'scrape target up'],
      );
      assert.equal(messages[0]?.last_success, new Date(start + 45_000).toISOString());
    } finally {
      await collector.stop();
      await closeServer(server);
    }
  });

  it('shares integers so that no slot reverses an order of two counts', () => {
    for (let n = 1; n <= 7; n++)
      for (let a = 0; a <= 20; a++)
        for (let b = a; b <= 20; b++)
          for (let j = 0; j < n; j++)
            assert.ok(slotShare(a, j, n) <= slotShare(b, j, n), `${a} ${b} ${j}/${n}`);
    assert.equal(
      Array.from({ length: 5 }, (_, j) => slotShare(1501, j, 5)).reduce((x, y) => x + y),
      1501,
    );
  });
});
