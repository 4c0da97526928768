/**
 * Reading a uPlot chart as a user does: the cursor on its last point, then
 * each series' label and value in the legend.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** The legend's value of each series (by label) with the cursor at the chart's right edge: the last step. */
export async function legendAtLastPoint(page: Page, chartId: string): Promise<Map<string, string>> {
  const chart = page.getByTestId(`chart-${chartId}`);
  const over = chart.locator('.u-over');
  const box = await over.boundingBox();
  assert.ok(box, `chart ${chartId} has a plotting area`);
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
  const rows = await chart
    .locator('.u-legend tr.u-series')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.querySelector('.u-label')?.textContent?.trim() ?? '',
        tr.querySelector('.u-value')?.textContent?.trim() ?? '',
      ]),
    );
  await page.mouse.move(0, 0);
  return new Map(rows.map(([label, value]) => [label ?? '', value ?? '']));
}
