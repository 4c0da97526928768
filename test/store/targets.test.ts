/**
 * The collector's target records: buffered with the rollups and written in
 * the same flush (another process sees both or neither), read back with
 * the buffered ones winning, and kept across reopening the file.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { emptyRollup, type ScrapeTargetRecord } from '../../src/engine/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { withTempDir } from '../helpers/tools.ts';
import { T0 } from './store-helpers.ts';

const record = (at: number, counters: string): ScrapeTargetRecord => ({
  target: 'gateway production http://gw/metrics',
  environment: 'production',
  url: 'http://gw/metrics',
  kind: 'gateway',
  intervalMs: 15_000,
  lastAttemptAt: at,
  lastOkAt: at,
  lastError: undefined,
  counters,
});

describe('scrape target records', () => {
  it('are written in the flush that writes the rollups before them, and survive reopening', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'slo.db');
      const writer = SloStore.open(file, { autoCompact: false, flushIntervalMs: 3_600_000 });
      const reader = SloStore.open(file, { autoCompact: false, flushIntervalMs: 3_600_000 });
      try {
        const rollup = emptyRollup();
        rollup.requests = 7;
        writer.add({ at: T0, environment: 'production', model: 'm', pod: 'p', rollup });
        writer.saveTarget(record(T0, '{"values":[]}'));
        writer.saveTarget(record(T0 + 15_000, '{"values":[["k",7]]}'));
        assert.equal(writer.loadTargets()[0]?.lastOkAt, T0 + 15_000, 'the latest buffered record');
        assert.deepEqual(reader.loadTargets(), [], 'nothing before the flush');
        assert.equal(reader.window('production', T0 - 60_000, T0 + 60_000).requests, 0);
        writer.flush();
        assert.deepEqual(reader.loadTargets(), [record(T0 + 15_000, '{"values":[["k",7]]}')]);
        assert.equal(reader.window('production', T0 - 60_000, T0 + 60_000).requests, 7);
      } finally {
        writer.close();
        reader.close();
      }
      const again = SloStore.open(file);
      try {
        assert.equal(again.loadTargets()[0]?.counters, '{"values":[["k",7]]}');
      } finally {
        again.close();
      }
    });
  });
});
