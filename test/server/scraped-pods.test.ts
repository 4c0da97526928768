/** The pods API for scraped pods: a pod whose scrapes fail shows its last successful scrape (issue 17). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ScrapeReport, scrapeLogLines } from '../../src/collect/index.ts';
import { scrapedPods } from '../../src/server/index.ts';
import { EmbeddedSource } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';

describe('scrapedPods', () => {
  it('carries the last successful scrape of a target that is down', async () => {
    const store = SloStore.open(':memory:');
    const lastOk = Date.UTC(2026, 5, 1, 12, 0, 0);
    const report = {
      url: 'http://vllm-0:8000/metrics',
      environment: 'production',
      pod: 'vllm-0',
      kind: 'vllm',
      at: lastOk + 60_000,
      ok: false,
      error: 'timed out after 10000 ms',
      lastOkAt: lastOk,
    } as ScrapeReport;
    try {
      const [pod] = await scrapedPods(defaultSpec(), [report], new EmbeddedSource(store), lastOk + 60_000);
      assert.deepEqual([pod?.healthy, pod?.last_scrape_success], [false, new Date(lastOk).toISOString()]);
      assert.deepEqual(scrapeLogLines(report), [], 'no state change, no line');
    } finally {
      store.close();
    }
  });
});
