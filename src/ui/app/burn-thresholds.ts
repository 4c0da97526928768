/**
 * The threshold lines of the burn-rate chart: one per factor and severity,
 * named by every pair that alerts at it. The default pairs have four
 * factors (14.4, 6, 3, 1), but a spec may give two pairs the same one, and
 * one line per pair would draw it twice with only the last pair's name.
 * Kept apart from the chart (uPlot, the DOM) so it can be tested in Node.
 */
import type { BurnPairState } from '../../api/index.ts';
import { formatBurnRate } from './format.ts';

/** A dashed line of the burn-rate chart: where the named pairs alert. */
export interface BurnThreshold {
  severity: BurnPairState['severity'];
  factor: number;
  /** "Page 1h/5m, 6h/30m at 14.4×". */
  label: string;
}

/** The threshold lines of `pairs`, in the order their factors first appear. */
export function burnThresholds(pairs: readonly BurnPairState[]): BurnThreshold[] {
  const lines = new Map<string, { severity: BurnPairState['severity']; factor: number; windows: string[] }>();
  for (const p of pairs) {
    const key = `${p.severity} ${p.factor}`;
    const line = lines.get(key) ?? { severity: p.severity, factor: p.factor, windows: [] };
    line.windows.push(`${p.long}/${p.short}`);
    lines.set(key, line);
  }
  return [...lines.values()].map((l) => ({
    severity: l.severity,
    factor: l.factor,
    label: `${l.severity === 'page' ? 'Page' : 'Ticket'} ${l.windows.join(', ')} at ${formatBurnRate(l.factor)}`,
  }));
}
