/**
 * The UI in a real browser (Debian's chromium through playwright-core)
 * against the real server over a store with known traffic: on the overview
 * and the objective pages the numbers equal the API's, formatted by the same
 * functions; charts draw; the range picker asks for the new range; every
 * objective page renders; nothing leaves the origin and the CSP is never
 * violated. The pods and alerts pages, refresh and API failures:
 * browser-pods-alerts.test.ts. Screenshots of each page go to
 * test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertsDocument, ObjectiveDetail } from '../../src/api/index.ts';
import type { StatusDocument } from '../../src/engine/index.ts';
import {
  formatBudgetRatio,
  formatBudgetTime,
  formatBurnRate,
  formatObjectiveBurn,
  formatObjectiveValue,
  formatPercent,
  formatTarget,
} from '../../src/ui/app/format.ts';
import { STATE_LABEL } from '../../src/ui/app/objective-state.ts';
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
import { legendAtLastPoint } from './chart-legend.ts';
import { TOKEN } from './ui-fixture.ts';

before(openSession);
after(closeSession);

/**
 * The burn-rate chart: a line per window of the pairs whose last point is the
 * API's (status's burn rate now), and a dashed line at each pair's factor.
 */
async function burnChartEndsAtApi(d: ObjectiveDetail): Promise<void> {
  const legend = await legendAtLastPoint(page, 'burn');
  const windows = Object.keys(d.burn_rates);
  assert.deepEqual(windows, ['1h', '5m', '6h', '30m', '1d', '2h', '3d']);
  for (const w of windows) {
    const last = d.burn_rates[w]?.at(-1);
    assert.equal(legend.get(`Burn ${w}`), formatBurnRate(last), `burn ${w} now`);
    assert.equal(last, d.status.burn_rates[w], `burn ${w} is the status's`);
  }
  for (const p of d.burn_pairs)
    assert.equal(
      legend.get(
        `${p.severity === 'page' ? 'Page' : 'Ticket'} ${p.long}/${p.short} at ${formatBurnRate(p.factor)}`,
      ),
      formatBurnRate(p.factor),
      `the ${p.long}/${p.short} threshold line`,
    );
}

describe('the web UI in chromium', () => {
  it('overview: every objective row shows the API numbers, formatted the same way', async () => {
    // As a user opens the printed link: the server swaps the token for a cookie the UI's fetches carry.
    await page.goto(`${world.server.url}/?token=${TOKEN}#/`);
    assert.doesNotMatch(page.url(), /token/);
    await page.getByTestId('row-production-availability').waitFor();
    const doc = await api<StatusDocument>('/api/v1/status');
    let rows = 0;
    for (const env of doc.environments)
      for (const o of env.objectives) {
        const id = `${o.environment}-${o.name}`;
        rows++;
        assert.equal(await text(`value-${id}`), formatObjectiveValue(o), `value ${id}`);
        assert.equal(await text(`target-${id}`), formatTarget(o), `target ${id}`);
        const b = o.error_budget;
        assert.equal(
          await text(`budget-${id}`),
          b ? formatBudgetRatio(b.remaining_ratio) : '—',
          `budget ${id}`,
        );
        assert.equal(await text(`budgetmin-${id}`), formatBudgetTime(b), `budget time ${id}`);
        assert.equal(await text(`burn1h-${id}`), formatObjectiveBurn(o, '1h'), `burn1h ${id}`);
        assert.equal(await text(`burn6h-${id}`), formatObjectiveBurn(o, '6h'), `burn6h ${id}`);
        // The API's state (the engine's objectiveState, as `status` shows it), not a UI copy of the rule.
        assert.equal(await text(`state-${id}`), STATE_LABEL[o.state], `state ${id}`);
      }
    assert.equal(await page.locator('[data-testid^="row-"]').count(), rows);
    // The fixture's traffic gives every state: this guards the fixture as much as the page.
    const states = new Set(doc.environments.flatMap((e) => e.objectives.map((o) => o.state)));
    assert.deepEqual([...states].sort(), ['breached', 'no-data', 'ok', 'warning']);
    assert.equal(await text('value-development-availability'), '—', 'no traffic is not 0');
    assert.match(await text('data-source'), /^embedded/);
    assert.match(await text('last-refresh'), /^Updated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await shot('overview');
  });

  it('overview: each environment counts every firing alert, threshold alerts too', async () => {
    const alerts = await api<AlertsDocument>('/api/v1/alerts');
    const doc = await api<StatusDocument>('/api/v1/status');
    for (const env of doc.environments) {
      const n = alerts.firing.filter((a) => a.environment === env.environment).length;
      assert.equal(await text(`env-firing-${env.environment}`), `${n} firing`, env.environment);
    }
    // The fixture's staging fires a burn pair and a threshold alert: the status document knows only the first.
    assert.equal(await text('env-firing-staging'), '2 firing');
  });

  it('overview: an error-rate objective shows its error rate against its max, latency its threshold', async () => {
    const doc = await api<StatusDocument>('/api/v1/status');
    const prod = doc.environments.find((e) => e.environment === 'production')?.objectives ?? [];
    const errorRate = prod.find((o) => o.name === 'error-rate');
    assert.ok(errorRate?.value !== null && errorRate?.value !== undefined);
    assert.equal(await text('value-production-error-rate'), formatPercent(1 - errorRate.value));
    assert.equal(await text('target-production-error-rate'), 'max 0.1 %');
    assert.equal(await text('target-production-latency-p95'), '95 % within 3 s');
    assert.equal(await text('target-production-availability'), '≥ 99.9 %');
  });

  it('overview: filters and sorts, and keeps both in the hash', async () => {
    await page.getByTestId('filter-text').fill('latency');
    const names = await page.locator('[data-testid^="link-"]').allTextContents();
    assert.ok(names.length > 0);
    assert.ok(
      names.every((n) => n.includes('latency')),
      names.join(),
    );
    assert.match(page.url(), /q=latency/);
    await page.getByTestId('filter-text').fill('');
    await page.getByTestId('sort-budget').click();
    const doc = await api<StatusDocument>('/api/v1/status');
    const budgets = (await page.locator('[data-testid^="budget-"]').allTextContents()).filter(
      (t) => t !== '—',
    );
    const expected = doc.environments
      .flatMap((e) => e.objectives)
      .flatMap((o) => (o.error_budget ? [o.error_budget.remaining_ratio] : []))
      .sort((a, b) => a - b)
      .map(formatBudgetRatio);
    assert.deepEqual(budgets, expected);
    assert.match(page.url(), /sort=budget/);
  });

  it('objective detail: numbers, seven charts drawn, the four burn-rate pairs', async () => {
    await page.getByTestId('link-production-availability').click();
    await page.getByTestId('chart-pods').waitFor();
    const d = await api<ObjectiveDetail>('/api/v1/objectives/production/availability?range=1d');
    assert.equal(await text('detail-value'), formatObjectiveValue(d.status));
    assert.equal(await text('detail-budget'), formatBudgetRatio(d.status.error_budget?.remaining_ratio));
    for (const id of ['sli', 'budget', 'burn', 'rates', 'latency', 'ttft', 'pods']) {
      const canvas = page.locator(`[data-testid="chart-${id}"] canvas`);
      assert.equal(await canvas.count(), 1, `chart ${id}`);
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 100, `chart ${id} has a size: ${JSON.stringify(box)}`);
    }
    await burnChartEndsAtApi(d);
    assert.equal(d.burn_pairs.length, 4);
    for (const p of d.burn_pairs) {
      const id = `burn-pair-${p.long}-${p.short}`;
      assert.equal(await text(`${id}-long`), formatBurnRate(p.long_rate));
      assert.equal(await text(`${id}-short`), formatBurnRate(p.short_rate));
      assert.equal(await text(`${id}-state`), p.firing ? 'firing' : 'ok');
    }
    await shot('objective');
  });

  it('objective detail: a new range asks the API for it and goes in the hash', async () => {
    const asked = page.waitForRequest((r) =>
      r.url().endsWith('/api/v1/objectives/production/availability?range=6h'),
    );
    await page.getByTestId('range-picker').selectOption('6h');
    await asked;
    assert.match(page.url(), /#\/objective\/production\/availability\?range=6h/);
    await page.getByTestId('chart-sli').waitFor();
    assert.match((await page.locator('h1').textContent()) ?? '', /range 6h/);
  });

  it('a latency objective draws its threshold line and a firing ticket shows amber', async () => {
    await page.goto(`${world.server.url}/#/objective/staging/latency-p95?range=6h`);
    await page.getByTestId('chart-latency').waitFor();
    const legend = await page.locator('[data-testid="chart-latency"] .u-legend').textContent();
    assert.match(legend ?? '', /SLO threshold/);
    // The SLI chart's target line says what the target means: a share within the threshold.
    const sli = await page.locator('[data-testid="chart-sli"] .u-legend').textContent();
    assert.match(sli ?? '', /Target 95 % within 3 s/);
    assert.equal(await text('detail-state'), 'Warning');
    await shot('objective-latency');
  });

  it('an objective opens on 1h while one of its alerts fires; an explicit range wins', async () => {
    // refresh=off keeps earlier pages' timers from racing the requests watched here.
    const opened = async (hash: string) => {
      const asked = page.waitForRequest((r) => r.url().includes('/api/v1/objectives/'));
      await page.goto(`${world.server.url}/${hash}`);
      const url = (await asked).url();
      await page.getByTestId('detail-value').waitFor();
      return {
        asked: new URL(url).searchParams.get('range'),
        picker: await page.getByTestId('range-picker').inputValue(),
      };
    };
    // Staging fires VllmErrorRateHigh (no slo label: the whole environment) and a burn pair of availability.
    assert.deepEqual(await opened('#/objective/staging/availability?refresh=off'), {
      asked: '1h',
      picker: '1h',
    });
    assert.deepEqual(await opened('#/objective/staging/latency-p95?refresh=off'), {
      asked: '1h',
      picker: '1h',
    });
    // Nothing fires in production: the default day.
    assert.deepEqual(await opened('#/objective/production/availability?refresh=off'), {
      asked: '1d',
      picker: '1d',
    });
    assert.deepEqual(await opened('#/objective/staging/availability?range=7d&refresh=off'), {
      asked: '7d',
      picker: '7d',
    });
    await page.getByTestId('chart-sli').waitFor();
    // The error-rate objective draws its error rate against the max, not a success ratio.
    await opened('#/objective/production/error-rate?refresh=off');
    await page.getByTestId('chart-sli').waitFor();
    const legend = await page.locator('[data-testid="chart-sli"] .u-legend').textContent();
    assert.match(legend ?? '', /Error rate.*Target max 0\.1 %/);
    assert.match(await text('detail-target'), /^max 0\.1 %$/);
  });

  it('every objective has a detail page with its numbers and charts', async () => {
    const doc = await api<StatusDocument>('/api/v1/status');
    for (const o of doc.environments.flatMap((e) => e.objectives)) {
      await page.goto(`${world.server.url}/#/objective/${o.environment}/${o.name}?range=1h`);
      await page.getByTestId('detail-value').waitFor();
      const d = await api<ObjectiveDetail>(`/api/v1/objectives/${o.environment}/${o.name}?range=1h`);
      const id = `${o.environment}/${o.name}`;
      assert.equal(await text('detail-value'), formatObjectiveValue(d.status), id);
      assert.equal(await text('detail-target'), formatTarget(d.status), id);
      assert.equal(await text('detail-state'), STATE_LABEL[d.status.state], id);
      // A throughput floor has no budget, so no burndown chart.
      // A throughput floor has no burn pairs either, so no burn-rate chart.
      assert.equal(await page.locator('.panel canvas').count(), d.status.error_budget ? 7 : 5, id);
      assert.equal(
        await page.locator('[data-testid^="burn-pair-"][data-testid$="-state"]').count(),
        d.burn_pairs.length,
      );
      if (o.name === 'throughput' && o.environment === 'production') await shot('objective-throughput');
      if (o.environment === 'development' && o.name === 'availability') await shot('objective-nodata');
    }
  });

  it('asked only its own origin and broke no content-security rule', assertOwnOriginAndNoErrors);
});
