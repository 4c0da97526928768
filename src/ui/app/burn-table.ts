/**
 * The multi-window burn-rate pairs of an objective detail page (SRE
 * Workbook ch. 5): each pair's windows, its factor, the burn of both windows
 * now (over the factor in red) and its state.
 */
import type { BurnPairState } from '../../api/index.ts';
import { h } from './dom.ts';
import { formatBurnRate } from './format.ts';

/** A pair's state: firing, or ok, or no data when either window had no traffic. */
export function pairState(p: BurnPairState): 'firing' | 'ok' | 'nodata' {
  if (p.firing) return 'firing';
  return p.long_rate === null || p.short_rate === null ? 'nodata' : 'ok';
}

/** The table of the objective's burn-rate pairs: windows, threshold, both burns now and the state. */
export function burnTable(pairs: readonly BurnPairState[]): HTMLElement {
  const rate = (r: number | null, factor: number) =>
    h('span', { class: r !== null && r > factor ? 'over' : '' }, formatBurnRate(r));
  return h(
    'table',
    { class: 'grid compact', testid: 'burn-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...['Severity', 'Long window', 'Short window', 'Threshold', 'Long burn', 'Short burn', 'State'].map(
          (c) => h('th', null, c),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      ...pairs.map((p) => {
        const id = `burn-pair-${p.long}-${p.short}`;
        const s = pairState(p);
        const colour = s === 'firing' ? (p.severity === 'page' ? 'breached' : 'warning') : s;
        return h(
          'tr',
          { testid: id },
          h('td', null, p.severity),
          h('td', null, p.long),
          h('td', null, p.short),
          h('td', { class: 'num' }, formatBurnRate(p.factor)),
          h('td', { class: 'num', testid: `${id}-long` }, rate(p.long_rate, p.factor)),
          h('td', { class: 'num', testid: `${id}-short` }, rate(p.short_rate, p.factor)),
          h(
            'td',
            null,
            h(
              'span',
              { class: `badge state-bg-${colour}`, testid: `${id}-state` },
              s === 'nodata' ? 'no data' : s,
            ),
          ),
        );
      }),
    ),
  );
}
