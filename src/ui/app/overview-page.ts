/**
 * Overview (Pyrra's list): one card per environment, then one table row per
 * objective with its SLI against target, budget left with a bar, burn
 * rates, state colour and firing alerts; sortable by any column and
 * filterable by text, environment and state, all kept in the hash.
 */
import type { AlertsDocument, StatusDocument } from '../../api/index.ts';
import { alertChip } from './alert-chip.ts';
import { fetchAlerts, fetchStatus } from './api.ts';
import { bar, h, replace } from './dom.ts';
import {
  formatBudgetRatio,
  formatBudgetTime,
  formatObjectiveBurn,
  formatObjectiveValue,
  formatPercent,
  formatSeconds,
  formatTarget,
} from './format.ts';
import { STATE_LABEL } from './objective-state.ts';
import {
  type OverviewQuery,
  type OverviewRow,
  overviewParams,
  overviewQuery,
  overviewRows,
  type SortKey,
} from './overview-model.ts';
import { type Page, type PageContext, setTitle } from './page.ts';
import { linkTo } from './route.ts';

const COLUMNS: { key: SortKey | null; label: string; numeric?: boolean }[] = [
  { key: 'state', label: 'State' },
  { key: 'environment', label: 'Environment' },
  { key: 'objective', label: 'Objective' },
  { key: 'kind', label: 'Kind' },
  { key: null, label: 'Target', numeric: true },
  { key: 'value', label: 'Current', numeric: true },
  { key: null, label: 'Window' },
  { key: 'budget', label: 'Budget left', numeric: true },
  { key: null, label: 'Budget time', numeric: true },
  { key: 'burn1h', label: 'Burn 1h', numeric: true },
  { key: 'burn6h', label: 'Burn 6h', numeric: true },
  { key: 'alerts', label: 'Firing alerts' },
];

export class OverviewPage implements Page {
  private doc: StatusDocument | undefined;
  /** The alert loop's firing alerts (every kind, not only the burn pairs in the status document). */
  private alerts: AlertsDocument | undefined;
  private query: OverviewQuery;
  private readonly cards = h('section', { class: 'cards', testid: 'env-cards' });
  private readonly tbody = h('tbody');
  private readonly thead = h('thead');
  private readonly count = h('span', { class: 'muted', testid: 'objective-count' });
  private readonly envSelect = h('select', { class: 'picker', testid: 'filter-env' });

  constructor(private readonly ctx: PageContext) {
    setTitle('Overview');
    this.query = overviewQuery(ctx.state.params);
    const text = h('input', {
      class: 'filter',
      testid: 'filter-text',
      attrs: { type: 'search', placeholder: 'Filter objectives…', value: this.query.text },
    });
    text.addEventListener('input', () => this.update({ text: text.value }));
    this.envSelect.addEventListener('change', () => this.update({ environment: this.envSelect.value }));
    const state = h(
      'select',
      { class: 'picker', testid: 'filter-state' },
      ...['all', 'problems', 'breached', 'warning', 'ok', 'undetermined', 'no-data'].map((s) =>
        h(
          'option',
          { attrs: { value: s } },
          s === 'problems' ? 'needs attention' : s === 'no-data' ? 'no data' : s,
        ),
      ),
    );
    state.value = this.query.state;
    state.addEventListener('change', () => this.update({ state: state.value as OverviewQuery['state'] }));
    replace(
      ctx.root,
      h('h1', null, 'Service level objectives'),
      this.cards,
      h('div', { class: 'toolbar' }, text, this.envSelect, state, this.count),
      h('table', { class: 'grid', testid: 'objectives-table' }, this.thead, this.tbody),
    );
  }

  async load(signal: AbortSignal): Promise<void> {
    [this.doc, this.alerts] = await Promise.all([fetchStatus(signal), fetchAlerts(signal)]);
    this.draw();
  }

  destroy(): void {}

  private update(change: Partial<OverviewQuery>): void {
    this.query = { ...this.query, ...change };
    this.ctx.setParams(overviewParams(this.query));
    this.draw();
  }

  private sortBy(key: SortKey): void {
    const dir = this.query.sort === key && this.query.dir === 'asc' ? 'desc' : 'asc';
    this.update({ sort: key, dir });
  }

  private draw(): void {
    const doc = this.doc;
    if (!doc) return;
    this.drawCards(doc);
    const envs = doc.environments.map((e) => e.environment);
    replace(
      this.envSelect,
      h('option', { attrs: { value: '' } }, 'all environments'),
      ...envs.map((e) => h('option', { attrs: { value: e } }, e)),
    );
    this.envSelect.value = this.query.environment;
    replace(
      this.thead,
      h(
        'tr',
        null,
        ...COLUMNS.map((c) => {
          const arrow =
            c.key !== null && c.key === this.query.sort ? (this.query.dir === 'asc' ? ' ▲' : ' ▼') : '';
          const key = c.key;
          return h(
            'th',
            {
              class: `${c.numeric ? 'num' : ''}${key ? ' sortable' : ''}`,
              ...(key ? { testid: `sort-${key}`, on: { click: () => this.sortBy(key) } } : {}),
            },
            c.label + arrow,
          );
        }),
      ),
    );
    const rows = overviewRows(doc, this.query);
    const total = doc.environments.reduce((n, e) => n + e.objectives.length, 0);
    this.count.textContent = `${rows.length} of ${total} objectives`;
    replace(this.tbody, ...rows.map((r) => this.row(r)));
    if (rows.length === 0)
      replace(
        this.tbody,
        h('tr', null, h('td', { class: 'empty', attrs: { colspan: '12' } }, 'No objective matches.')),
      );
  }

  private drawCards(doc: StatusDocument): void {
    replace(
      this.cards,
      ...doc.environments.map((e) => {
        const states = e.objectives.map((o) => o.state);
        const worst = states.includes('breached')
          ? 'breached'
          : states.includes('warning')
            ? 'warning'
            : states.every((s) => s === 'no-data')
              ? 'no-data'
              : 'ok';
        // Every firing alert of the environment (threshold, absence and burn), as the alerts page lists them.
        const firing = (this.alerts?.firing ?? []).filter((a) => a.environment === e.environment).length;
        const n = (s: string) => states.filter((x) => x === s).length;
        return h(
          'div',
          { class: `card state-border-${worst}`, testid: `env-card-${e.environment}` },
          h('div', { class: 'card-title' }, h('span', { class: `dot state-bg-${worst}` }), e.environment),
          h(
            'div',
            { class: 'card-line' },
            `${n('ok')} ok · ${n('warning')} warning · ${n('breached')} breached · ${n('no-data')} no data` +
              (n('undetermined') > 0 ? ` · ${n('undetermined')} undetermined` : ''),
          ),
          h(
            'div',
            { class: 'card-line muted' },
            h('span', { testid: `env-firing-${e.environment}` }, `${firing} firing`),
            ` · some pod up ${formatPercent(e.time_availability)} of the time`,
          ),
        );
      }),
    );
  }

  private row(r: OverviewRow): HTMLElement {
    const o = r.objective;
    const id = `${o.environment}-${o.name}`;
    const b = o.error_budget;
    const link = linkTo(this.ctx.state, { page: 'objective', env: o.environment, name: o.name });
    const quantile =
      o.quantile_seconds === null
        ? null
        : h('span', { class: 'muted' }, ` (${formatSeconds(o.quantile_seconds)})`);
    return h(
      'tr',
      { class: `row state-row-${r.state}`, testid: `row-${id}` },
      h(
        'td',
        null,
        h('span', { class: `badge state-bg-${r.state}`, testid: `state-${id}` }, STATE_LABEL[r.state]),
      ),
      h('td', null, o.environment),
      h('td', null, h('a', { href: link, testid: `link-${id}` }, o.name)),
      h('td', { class: 'muted' }, o.kind),
      h('td', { class: 'num', testid: `target-${id}` }, formatTarget(o)),
      h('td', { class: 'num' }, h('span', { testid: `value-${id}` }, formatObjectiveValue(o)), quantile),
      h('td', { class: 'muted' }, o.window),
      h(
        'td',
        { class: 'num budget-cell' },
        b ? bar(b.remaining_ratio, r.state) : null,
        h(
          'span',
          { class: 'budget-text', testid: `budget-${id}` },
          b ? formatBudgetRatio(b.remaining_ratio) : '—',
        ),
      ),
      h('td', { class: 'num muted', testid: `budgetmin-${id}` }, formatBudgetTime(b)),
      h('td', { class: 'num', testid: `burn1h-${id}` }, formatObjectiveBurn(o, '1h')),
      h('td', { class: 'num', testid: `burn6h-${id}` }, formatObjectiveBurn(o, '6h')),
      h('td', { testid: `alerts-${id}` }, ...o.firing_alerts.map(alertChip)),
    );
  }
}
