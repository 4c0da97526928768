/**
 * The UI in a real browser, as browser.test.ts (its own session): the pods
 * page's rows, ejections and panic; the alerts page; auto-refresh, and a
 * chart's zoom surviving it; an API failure shown, not a blank page; and
 * nothing leaving the origin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertsDocument, PodsDocument } from '../../src/api/index.ts';
import { formatClock, formatCount, formatRate } from '../../src/ui/app/format.ts';
import {
  api,
  assertOwnOriginAndNoErrors,
  closeSession,
  openSession,
  page,
  shot,
  text,
  world,
} from './browser-session.ts';
import { TOKEN } from './ui-fixture.ts';

before(async () => {
  await openSession();
  // As a user opens the printed link (browser.test.ts's first test): the token becomes a cookie.
  await page.goto(`${world.server.url}/?token=${TOKEN}#/`);
});
after(closeSession);

describe('the web UI in chromium: pods, alerts, refresh and failures', () => {
  it('pods page: one row per pod with its numbers', async () => {
    await page.getByTestId('nav-pods').click();
    await page.getByTestId('pods-table').waitFor();
    const doc = await api<PodsDocument>('/api/v1/pods');
    assert.equal(
      (await page
        .locator('[data-testid^="pod-"][data-testid$="-0"], [data-testid^="pod-"][data-testid$="-1"]')
        .count()) > 0,
      true,
    );
    for (const p of doc.pods) {
      const id = `${p.environment}-${p.pod}`;
      assert.equal(await text(`pod-inflight-${id}`), formatCount(p.in_flight));
      assert.equal(await text(`pod-rps-${id}`), formatRate(p.requests_per_second));
      assert.equal(await text(`pod-status-${id}`), p.state);
    }
    assert.equal(await text('pods-summary'), '2 of 5 in rotation');
    await shot('pods');
  });

  it('pods page: a pod ejected by outlier detection reads ejected, with until when and why; panic shows', async () => {
    await page.getByTestId('nav-pods').click();
    await page.getByTestId('pods-table').waitFor();
    const doc = await api<PodsDocument>('/api/v1/pods');
    const ejected = doc.pods.find((p) => p.state === 'ejected');
    assert.ok(ejected?.ejected_until, 'the fixture has an ejected pod');
    assert.equal(ejected.healthy, true, 'its probes pass: healthy alone would hide it');
    const id = `${ejected.environment}-${ejected.pod}`;
    assert.equal(await text(`pod-status-${id}`), 'ejected');
    assert.equal(
      await text(`pod-reason-${id}`),
      `5 server failures in a row (consecutive_5xx); until ${formatClock(Date.parse(ejected.ejected_until))}, ejected 2×`,
    );
    assert.equal(await text('pod-status-development-vllm-development-0'), 'unhealthy');
    assert.match(await text('pods-panic-development'), /^development: panic mode: 0 of 1 pods in rotation/);
    assert.equal(await page.getByTestId('pods-panic-production').count(), 0, 'production is not in panic');
  });

  it('alerts page: firing, pending and recently resolved', async () => {
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alerts-resolved').waitFor();
    const doc = await api<AlertsDocument>('/api/v1/alerts');
    assert.equal(await text('alerts-firing-count'), String(doc.firing.length));
    assert.equal(await text('alerts-pending-count'), String(doc.pending.length));
    assert.equal(await text('alerts-resolved-count'), String(doc.resolved.length));
    assert.match(await text('alert-firing-VllmErrorBudgetBurn'), /staging availability is burning/);
    await shot('alerts');
  });

  it('auto-refresh loads the page again on its interval', async () => {
    await page.goto(`${world.server.url}/#/pods?refresh=1s`);
    await page.getByTestId('pods-table').waitFor();
    assert.equal(await page.getByTestId('refresh-picker').inputValue(), '1');
    // The first load asked once; a second ask comes only from the timer.
    await page.waitForRequest((r) => r.url().endsWith('/api/v1/pods'));
    await page.getByTestId('pods-table').waitFor();
  });

  it('a zoom dragged on a chart survives the auto-refresh', async () => {
    await page.goto(`${world.server.url}/#/objective/production/availability?range=6h&refresh=1s`);
    const chart = page.getByTestId('chart-rates');
    await chart.locator('canvas').waitFor();
    const over = chart.locator('.u-over');
    const box = await over.boundingBox();
    assert.ok(box, 'the chart has a plotting area');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    assert.equal(await chart.getAttribute('data-zoomed'), 'true', 'the drag zoomed in');
    // The timer asks again and the charts are drawn anew; the zoom stays.
    await page.waitForRequest((r) => r.url().includes('/api/v1/objectives/production/availability?range=6h'));
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('chart-rates').getAttribute('data-zoomed'), 'true');
    assert.equal(await page.getByTestId('chart-sli').getAttribute('data-zoomed'), 'false', 'only that chart');
    await page.goto(`${world.server.url}/#/objective/production/availability?range=6h&refresh=off`);
  });

  it('an API failure is shown, not a blank page', async () => {
    // refresh=off: a timer left running by an earlier test would redraw the page under the checks.
    await page.goto(`${world.server.url}/#/objective/production/no-such-objective?refresh=off`);
    await page.getByTestId('load-failed').waitFor();
    assert.match(await text('load-failed'), /HTTP 404 unknown_objective/);
    await page.route('**/api/v1/status', (r) =>
      r.fulfill({
        status: 503,
        contentType: 'application/json',
        body: '{"error":{"code":"source_unavailable","message":"store locked"}}',
      }),
    );
    await page.goto(`${world.server.url}/#/?refresh=off`);
    // The previous page's banner may still show until the overview's own load fails: wait for that one.
    await page.getByTestId('error-banner').filter({ hasText: 'HTTP 503' }).waitFor();
    assert.match(await text('error-banner'), /HTTP 503 source_unavailable\): store locked/);
    await shot('api-error');
    await page.unroute('**/api/v1/status');
  });

  it('asked only its own origin and broke no content-security rule', assertOwnOriginAndNoErrors);
});
