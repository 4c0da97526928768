/**
 * The burn-rate chart of an objective detail page: one line per window of
 * its multi-window pairs (the API's `burn_rates`), and a dashed line at each
 * pair's factor, the burn both windows of the pair must exceed to alert
 * (SRE Workbook ch. 5): page pairs red, ticket pairs amber.
 */
import type { ObjectiveDetail } from '../../api/index.ts';
import { ChartPanel, constant, type LineSpec, PALETTE, THRESHOLD_COLOR } from './charts.ts';
import { formatBurnRate } from './format.ts';

const TICKET_COLOR = PALETTE[3] ?? THRESHOLD_COLOR;

/** The burn-rate panel, or null for an objective without burn pairs (a throughput floor). */
export function burnRateChart(d: ObjectiveDetail): ChartPanel | null {
  const windows = Object.keys(d.burn_rates);
  if (windows.length === 0 || d.burn_pairs.length === 0) return null;
  const rates: LineSpec[] = windows.map((w, i) => ({
    label: `Burn ${w}`,
    values: d.burn_rates[w] ?? [],
    color: PALETTE[i % PALETTE.length] ?? '',
  }));
  // One line per factor: pairs sharing one (none by default) need not draw it twice.
  const factors = new Map(d.burn_pairs.map((p) => [p.factor, p]));
  const thresholds: LineSpec[] = [...factors.values()].map((p) => ({
    label: `${p.severity === 'page' ? 'Page' : 'Ticket'} ${p.long}/${p.short} at ${formatBurnRate(p.factor)}`,
    values: constant(d.t, p.factor),
    color: p.severity === 'page' ? THRESHOLD_COLOR : TICKET_COLOR,
    reference: true,
  }));
  return new ChartPanel({
    title: 'Burn rate per window against the alert thresholds',
    id: 'burn',
    t: d.t,
    format: formatBurnRate,
    unit: 'burn',
    lines: [...rates, ...thresholds],
  });
}
