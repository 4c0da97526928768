/**
 * The UI over a real Prometheus (issue 11's check): the same traffic into the
 * embedded store and into a Prometheus running the generated rules, one
 * server over each; in Chromium the overview and an objective page over
 * Prometheus render its API's numbers, charts draw, and those numbers are
 * the embedded ones within test/server/prometheus-api.test.ts's tolerances
 * (1 %, one request of slack on latency).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ObjectiveDetail } from '../../src/api/index.ts';
import type { StatusDocument } from '../../src/engine/index.ts';
import { renderRuleFile, ruleFiles } from '../../src/rules/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { EmbeddedSource, PrometheusSource, type SloSource } from '../../src/sources/index.ts';
import { formatBurnRate, formatObjectiveValue, formatTarget } from '../../src/ui/app/format.ts';
import { STATE_LABEL } from '../../src/ui/app/objective-state.ts';
import { buildUiAssets } from '../../src/ui/index.ts';
import { openBrowser } from '../helpers/chromium.ts';
import { assertClose, rigAfterTraffic, type SourcesRig, scaledSpec } from '../helpers/gateway-traffic.ts';
import { legendAtLastPoint } from './chart-legend.ts';

const spec = scaledSpec();

let rig: SourcesRig;
let browser: Browser;
let page: Page;
let embedded: RunningServer;
let prometheus: RunningServer;
const problems: string[] = [];

async function api<T>(server: RunningServer, path: string): Promise<T> {
  const r = await fetch(`${server.url}${path}`);
  assert.equal(r.status, 200, path);
  return (await r.json()) as T;
}

async function text(testid: string): Promise<string> {
  return (await page.getByTestId(testid).first().textContent())?.trim() ?? '';
}

before(async () => {
  const r = await rigAfterTraffic(spec, ruleFiles(spec).map(renderRuleFile), 20_000);
  rig = r.rig;
  const at = r.at;
  const serve = (source: SloSource) => startServer({ spec, source, now: () => at, assets: buildUiAssets });
  embedded = await serve(new EmbeddedSource(rig.store));
  prometheus = await serve(new PrometheusSource(spec, rig.client));
  ({ browser, page } = await openBrowser());
  // A failed response by its URL (the console only says "Failed to load resource").
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
});

after(async () => {
  await browser?.close();
  await embedded?.stop();
  await prometheus?.stop();
  await rig?.stop();
});

describe('the web UI over Prometheus in chromium', () => {
  it("overview: the production rows show Prometheus's numbers, which are the embedded ones", async () => {
    await page.goto(`${prometheus.url}/#/?refresh=off`);
    await page.getByTestId('row-production-availability').waitFor();
    assert.match(await text('data-source'), /^prometheus/);
    const [mine, theirs] = await Promise.all([
      api<StatusDocument>(prometheus, '/api/v1/status'),
      api<StatusDocument>(embedded, '/api/v1/status'),
    ]);
    const production = (d: StatusDocument) => d.environments.find((e) => e.environment === 'production');
    const requests = rig.store.window('production', 0, Date.now()).requests;
    for (const o of production(mine)?.objectives ?? []) {
      const id = `production-${o.name}`;
      assert.equal(await text(`value-${id}`), formatObjectiveValue(o), `value ${id}`);
      assert.equal(await text(`state-${id}`), STATE_LABEL[o.state], `state ${id}`);
      const e = production(theirs)?.objectives.find((x) => x.name === o.name);
      if (o.kind !== 'throughput') assertClose(e?.value, o.value, 0.01, `${o.name} value`, 1 / requests);
    }
    assert.deepEqual(problems, []);
  });

  it('objective page: its numbers and seven charts drawn, the burn rates ending at the API', async () => {
    await page.goto(`${prometheus.url}/#/objective/production/availability?range=1h&refresh=off`);
    await page.getByTestId('chart-pods').waitFor();
    const d = await api<ObjectiveDetail>(prometheus, '/api/v1/objectives/production/availability?range=1h');
    assert.equal(await text('detail-value'), formatObjectiveValue(d.status));
    assert.equal(await text('detail-target'), formatTarget(d.status));
    for (const id of ['sli', 'budget', 'burn', 'rates', 'latency', 'ttft', 'pods']) {
      const canvas = page.locator(`[data-testid="chart-${id}"] canvas`);
      assert.equal(await canvas.count(), 1, `chart ${id}`);
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 100, `chart ${id} has a size: ${JSON.stringify(box)}`);
    }
    assert.ok(
      d.sli.some((v) => v !== null && v < 1),
      'the injected errors show on the SLI chart',
    );
    const legend = await legendAtLastPoint(page, 'burn');
    for (const [w, series] of Object.entries(d.burn_rates))
      assert.equal(legend.get(`Burn ${w}`), formatBurnRate(series.at(-1)), `burn ${w} now`);
    assert.ok(
      Object.values(d.burn_rates).some((x) => x.some((v) => v !== null && v > 0)),
      'the injected errors burn the budget',
    );
    assert.deepEqual(problems, []);
  });
});
