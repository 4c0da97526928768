/**
 * Stale collected data (issue 17: with the only scrape target unreachable
 * for 60 s, `status` showed every objective OK and exited 0): once no
 * target of an environment has answered for STALE_INTERVALS intervals, its
 * objectives read NO DATA (exit code 3) with the time the data went stale,
 * in the JSON and the text; a spent budget stays a breach; a fresh target
 * changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT, statusExitCode } from '../../src/cli/exit-codes.ts';
import type { Output } from '../../src/cli/io.ts';
import { renderStatus } from '../../src/cli/status-table.ts';
import { type ScrapeTargetRecord, STALE_INTERVALS } from '../../src/engine/index.ts';
import { EmbeddedSource, evaluate } from '../../src/sources/index.ts';
import { SloStore } from '../../src/store/index.ts';
import { defaultSpec } from '../helpers/spec.ts';
import { measurement } from '../store/store-helpers.ts';

const spec = defaultSpec();
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const INTERVAL = 15_000;

/** Ten minutes of good traffic before NOW in production, and a gateway target last scraped at `lastOk`. */
function storeWith(lastOk: number, errors = 0): SloStore {
  const store = SloStore.open(':memory:', { autoCompact: false, now: () => NOW });
  for (let t = NOW - 600_000; t < NOW; t += 1000)
    store.record(
      measurement(
        t,
        200,
        errors > 0 && t % 2000 === 0 ? { errorClass: 'server', errorType: 'internal', status: 500 } : {},
      ),
    );
  const record: ScrapeTargetRecord = {
    target: 'gateway production http://gw/metrics',
    environment: 'production',
    url: 'http://gw/metrics',
    kind: 'gateway',
    intervalMs: INTERVAL,
    lastAttemptAt: NOW - 1000,
    lastOkAt: lastOk,
    lastError: lastOk < NOW - INTERVAL ? 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' : undefined,
    counters: undefined,
  };
  store.saveTarget(record);
  store.flush();
  return store;
}

function production(doc: Awaited<ReturnType<typeof evaluate>>) {
  const env = doc.environments.find((e) => e.environment === 'production');
  assert.ok(env);
  return env;
}

describe('status with stale collected data', () => {
  it('reads NO DATA, exit 3, with "stale since", once every target is silent for a few intervals', async () => {
    const lastOk = NOW - (STALE_INTERVALS + 1) * INTERVAL;
    const store = storeWith(lastOk);
    const doc = await evaluate(spec, new EmbeddedSource(store), NOW, 'production');
    const env = production(doc);
    const since = new Date(lastOk).toISOString();
    assert.equal(env.stale_since, since);
    assert.deepEqual(new Set(env.objectives.map((o) => o.state)), new Set(['no-data']));
    assert.equal(env.objectives[0]?.stale_since, since);
    assert.deepEqual(env.scrape_targets?.[0], {
      url: 'http://gw/metrics',
      kind: 'gateway',
      last_success: since,
      stale_since: since,
      last_error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
    });
    assert.equal(statusExitCode(doc), EXIT.noData);
    const lines: string[] = [];
    const out = { out: (l: string) => lines.push(l), err: () => {}, color: false } as unknown as Output;
    renderStatus(out, doc);
    assert.match(
      lines.join('\n'),
      new RegExp(`scrape target http://gw/metrics: stale since ${since} \\(ECONNREFUSED`),
    );
    store.close();
  });

  it('judges as usual while a target is fresh', async () => {
    const store = storeWith(NOW - INTERVAL);
    const env = production(await evaluate(spec, new EmbeddedSource(store), NOW, 'production'));
    assert.equal(env.stale_since, null);
    assert.equal(env.scrape_targets?.[0]?.stale_since, null);
    assert.ok(env.objectives.some((o) => o.state === 'ok'));
    assert.ok(env.objectives.every((o) => o.stale_since === undefined));
    store.close();
  });

  it('keeps a spent budget a breach, stale or not', async () => {
    const store = storeWith(NOW - 10 * INTERVAL, 1);
    const env = production(await evaluate(spec, new EmbeddedSource(store), NOW, 'production'));
    const availability = env.objectives.find((o) => o.name === 'availability');
    assert.equal(availability?.state, 'breached');
    store.close();
  });
});
