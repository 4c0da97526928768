/**
 * The burn-rate chart of an objective detail page: one line per window of
 * its multi-window pairs (the API's `burn_rates`), and a dashed line at each
 * pair's factor, the burn both windows of the pair must exceed to alert
 * (SRE Workbook ch. 5): page pairs red, ticket pairs amber.
 */
import type { ObjectiveDetail } from '../../api/index.ts';
import { burnThresholds } from './burn-thresholds.ts';
import { ChartPanel, constant, type LineSpec, PALETTE, THRESHOLD_COLOR } from './charts.ts';
import { formatBurnRate } from './format.ts';

const TICKET_COLOR = PALETTE[3] ?? THRESHOLD_COLOR;
/** The windows' colours: the palette without the threshold lines' red and amber, so no window reads as a threshold. */
const RATE_COLORS = PALETTE.filter((c) => c !== TICKET_COLOR && c !== THRESHOLD_COLOR);

/** The burn-rate panel, or null for an objective without burn pairs (a throughput floor). */
export function burnRateChart(d: ObjectiveDetail): ChartPanel | null {
  const windows = Object.keys(d.burn_rates);
  if (windows.length === 0 || d.burn_pairs.length === 0) return null;
  const rates: LineSpec[] = windows.map((w, i) => ({
    label: `Burn ${w}`,
    values: d.burn_rates[w] ?? [],
    color: RATE_COLORS[i % RATE_COLORS.length] ?? '',
  }));
  const thresholds: LineSpec[] = burnThresholds(d.burn_pairs).map((l) => ({
    label: l.label,
    values: constant(d.t, l.factor),
    color: l.severity === 'page' ? THRESHOLD_COLOR : TICKET_COLOR,
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
