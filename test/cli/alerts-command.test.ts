/** `vllm-slo alerts`: the conditions holding now from an embedded store, exit codes, unsupported alerts. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type AlertsFlags, alertsCommand } from '../../src/cli/commands/alerts.ts';
import type { Output } from '../../src/cli/io.ts';
import { SloStore } from '../../src/store/index.ts';
import { everyTenthFails, recordRequests } from '../store/store-helpers.ts';

// Real time: the store compacts against the clock when the command closes it.
const AT = Date.now();
let dir = '';
let db = '';

async function run(flags: Partial<AlertsFlags>) {
  const out: string[] = [];
  const err: string[] = [];
  const o: Output = { out: (l) => out.push(l), err: (l) => err.push(l), color: false };
  const code = await alertsCommand(o, { source: 'embedded', db, json: false, ...flags }, AT);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vllm-slo alerts', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vllm-slo-alerts-'));
    db = join(dir, 'slo.db');
    const store = SloStore.open(db);
    // Production: 10 % of 200 requests failed in the last minutes.
    recordRequests(store, 200, AT, 100, everyTenthFails);
    // Staging: no request, but its gateway probes a healthy pod (idle, not absent).
    store.recordPodHealth('staging', 'vllm-staging-0', AT - 20_000, true, 15);
    store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the conditions holding and the alerts it cannot evaluate; exit 1', async () => {
    const r = await run({});
    assert.equal(r.code, 1);
    assert.match(r.out, /critical\tVllmErrorRateHigh\tproduction: error rate above 5% \(for 5m\)/);
    assert.match(r.out, /not evaluated: production VllmThroughputLow: needs vLLM's queue gauge/);
  });

  it('--json gives the conditions with labels and for; idle staging holds nothing but has no data (exit 3)', async () => {
    const j = await run({ json: true });
    const doc = JSON.parse(j.out) as {
      source: string;
      conditions: Array<{ alertname: string; labels: Record<string, string>; for_seconds: number }>;
    };
    assert.equal(doc.source, 'embedded');
    const burn = doc.conditions.find(
      (c) => c.alertname === 'VllmErrorBudgetBurn' && c.labels.long_window === '1h',
    );
    assert.deepEqual(
      { severity: burn?.labels.severity, alert_type: burn?.labels.alert_type, for: burn?.for_seconds },
      { severity: 'critical', alert_type: 'page', for: 0 },
    );
    const staging = await run({ env: 'staging' });
    assert.equal(staging.code, 3, 'no condition holds, but every staging objective reads no data');
    assert.match(staging.out, /No alert condition holds/);
    assert.match(staging.out, /no data in the window: staging\/availability/);
    assert.deepEqual(JSON.parse((await run({ env: 'staging', json: true })).out).no_data.slice(0, 2), [
      'staging/availability',
      'staging/latency-p95',
    ]);
  });

  it('development never had data: its absence alert holds (exit 1)', async () => {
    const dev = await run({ env: 'development' });
    assert.equal(dev.code, 1);
    assert.match(
      dev.out,
      /low\tVllmSLOMetricAbsent\tdevelopment: no SLI data \(vllm_requests_total\) for 10m/,
    );
  });

  it('exits 2 for a missing store, an unknown environment, or Prometheus without a URL', async () => {
    assert.match((await run({ db: join(dir, 'none.db') })).err, /no embedded store at/);
    assert.equal((await run({ env: 'qa' })).code, 2);
    assert.equal((await run({ source: 'prometheus' })).code, 2);
    const unreachable = await run({ source: 'prometheus', prometheus: 'http://127.0.0.1:1' });
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.err, /cannot reach Prometheus/);
  });
});
