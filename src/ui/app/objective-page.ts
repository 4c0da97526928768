/**
 * Objective detail (Pyrra's detail page, Grafana's panels): the numbers now,
 * the SLI against its target over the range, the error budget burndown, the
 * burn rate of each window against the pairs' factors, the four
 * multi-window burn-rate pairs with their state, request and error
 * rates, latency and TTFT quantiles against the SLO threshold, and
 * throughput per pod.
 */
import type { ObjectiveDetail } from '../../api/index.ts';
import { alertChip } from './alert-chip.ts';
import { fetchObjective } from './api.ts';
import { burnRateChart } from './burn-chart.ts';
import { burnTable } from './burn-table.ts';
import { ChartPanel, constant, type LineSpec, PALETTE, THRESHOLD_COLOR } from './charts.ts';
import { bar, type Child, h, replace } from './dom.ts';
import {
  formatBudgetRatio,
  formatBudgetTime,
  formatMinutes,
  formatObjectiveBurn,
  formatObjectiveValue,
  formatPercent,
  formatRate,
  formatSeconds,
  formatTarget,
} from './format.ts';
import { kindShows, thresholdOn } from './kind-display.ts';
import { STATE_LABEL } from './objective-state.ts';
import { type Page, type PageContext, setTitle } from './page.ts';
import { linkTo } from './route.ts';

function stat(label: string, testid: string, value: string, ...extra: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'stat' },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value', testid }, value),
    ...extra,
  );
}

export class ObjectivePage implements Page {
  private charts: ChartPanel[] = [];
  private drawnRange: string | undefined;

  constructor(
    private readonly ctx: PageContext,
    private readonly env: string,
    private readonly name: string,
  ) {
    setTitle(`${env} / ${name}`);
    replace(ctx.root, h('p', { class: 'muted' }, 'Loading…'));
  }

  async load(signal: AbortSignal): Promise<void> {
    const d = await fetchObjective(this.env, this.name, this.ctx.state.range, signal);
    this.draw(d);
  }

  destroy(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }

  private draw(d: ObjectiveDetail): void {
    // An auto-refresh redraws the charts; a zoom the user dragged survives it (not a range change).
    const zooms = d.range === this.drawnRange ? new Map(this.charts.map((c) => [c.id, c.zoom()])) : new Map();
    this.drawnRange = d.range;
    this.destroy();
    const o = d.status;
    const state = o.state;
    const b = o.error_budget;
    const described = this.ctx.config.environments
      .find((e) => e.name === d.environment)
      ?.objectives.find((x) => x.name === o.name)?.description;
    const stats = h(
      'section',
      { class: 'stats' },
      stat(
        kindShows(o.kind) === 'bad-share' ? 'Current error rate' : 'Current SLI',
        'detail-value',
        formatObjectiveValue(o),
        h('div', { class: 'muted' }, `over ${o.window}`),
      ),
      stat('Target', 'detail-target', formatTarget(o)),
      o.quantile_seconds !== null
        ? stat('Observed quantile', 'detail-quantile', formatSeconds(o.quantile_seconds))
        : null,
      b
        ? stat(
            'Error budget left',
            'detail-budget',
            formatBudgetRatio(b.remaining_ratio),
            bar(b.remaining_ratio, state),
            h(
              'div',
              { class: 'muted', testid: 'detail-budgetmin' },
              `${formatBudgetTime(b)} over ${o.period ?? ''}`,
            ),
          )
        : null,
      b ? stat('Budget consumed', 'detail-consumed', formatMinutes(b.consumed_minutes)) : null,
      ...(Object.keys(o.burn_rates).length > 0
        ? [
            stat('Burn rate 1h', 'detail-burn1h', formatObjectiveBurn(o, '1h')),
            stat('Burn rate 6h', 'detail-burn6h', formatObjectiveBurn(o, '6h')),
          ]
        : []),
    );
    this.charts = this.panels(d);
    for (const c of this.charts) {
      const z = zooms.get(c.id);
      if (z) c.restoreZoom(z);
    }
    replace(
      this.ctx.root,
      h(
        'div',
        { class: 'crumbs' },
        h('a', { href: linkTo(this.ctx.state, { page: 'overview' }) }, 'Overview'),
        ` / ${d.environment} / `,
      ),
      h(
        'h1',
        null,
        o.name,
        ' ',
        h('span', { class: `badge state-bg-${state}`, testid: 'detail-state' }, STATE_LABEL[state]),
        h(
          'span',
          { class: 'muted small' },
          ` ${o.kind} · ${d.environment} · range ${d.range}, step ${formatSeconds(d.step_seconds)}`,
        ),
      ),
      described ? h('p', { class: 'muted' }, described) : null,
      stats,
      o.firing_alerts.length > 0
        ? h(
            'div',
            { class: 'firing', testid: 'detail-alerts' },
            'Firing: ',
            ...o.firing_alerts.map(alertChip),
          )
        : null,
      h('div', { class: 'panels' }, ...this.charts.map((c) => c.element)),
      d.burn_pairs.length > 0
        ? h('section', null, h('h2', null, 'Multi-window burn-rate alerts'), burnTable(d.burn_pairs))
        : h('p', { class: 'muted' }, 'No burn-rate alerts for this objective.'),
    );
  }

  private panels(d: ObjectiveDetail): ChartPanel[] {
    const o = d.status;
    const throughput = kindShows(o.kind) === 'rate';
    const errorRate = kindShows(o.kind) === 'bad-share';
    const quantileLines = (q: ObjectiveDetail['latency'], threshold: boolean): LineSpec[] => [
      { label: 'P50', values: q.p50, color: PALETTE[0] ?? '' },
      { label: 'P95', values: q.p95, color: PALETTE[1] ?? '' },
      { label: 'P99', values: q.p99, color: PALETTE[3] ?? '' },
      ...(threshold && d.threshold_seconds !== null
        ? [
            {
              label: 'SLO threshold',
              values: constant(d.t, d.threshold_seconds),
              color: THRESHOLD_COLOR,
              reference: true,
            },
          ]
        : []),
    ];
    const pods = Object.entries(d.throughput_by_pod).sort(([a], [b]) => a.localeCompare(b));
    return [
      new ChartPanel({
        title: throughput
          ? 'Slowest pod (req/s) against the floor'
          : errorRate
            ? 'Error rate against its max'
            : 'SLI against target',
        id: 'sli',
        t: d.t,
        format: throughput ? (v) => formatRate(v) : formatPercent,
        unit: throughput ? 'rate' : 'percent',
        lines: [
          {
            label: errorRate ? 'Error rate' : 'SLI',
            // An error-rate objective states failures: draw them, not the success share.
            values: errorRate ? d.sli.map((v) => (v === null ? null : 1 - v)) : d.sli,
            color: PALETTE[5] ?? '',
            fill: true,
          },
          {
            // The target as the objective states it: "95 % within 3 s", "max 0.1 %".
            label: `Target ${formatTarget(o)}`,
            values: constant(d.t, errorRate ? 1 - o.target : o.target),
            color: THRESHOLD_COLOR,
            reference: true,
          },
        ],
      }),
      // A throughput floor has no error budget: no burndown to draw.
      o.error_budget === null
        ? null
        : new ChartPanel({
            title: `Error budget remaining (rolling ${o.period ?? 'period'})`,
            id: 'budget',
            t: d.t,
            format: formatBudgetRatio,
            unit: 'percent',
            lines: [
              { label: 'Budget left', values: d.budget_remaining, color: PALETTE[0] ?? '', fill: true },
              { label: 'Exhausted', values: constant(d.t, 0), color: THRESHOLD_COLOR, reference: true },
            ],
          }),
      burnRateChart(d),
      new ChartPanel({
        title: 'Requests and errors',
        id: 'rates',
        t: d.t,
        format: (v) => formatRate(v, '/s'),
        unit: 'rate',
        lines: [
          { label: 'Requests', values: d.requests_per_second, color: PALETTE[2] ?? '' },
          { label: 'Errors', values: d.errors_per_second, color: PALETTE[4] ?? '' },
        ],
      }),
      new ChartPanel({
        title: 'Request latency',
        id: 'latency',
        t: d.t,
        format: formatSeconds,
        unit: 'seconds',
        lines: quantileLines(d.latency, thresholdOn(o.kind, 'duration')),
      }),
      new ChartPanel({
        title: 'Time to first token',
        id: 'ttft',
        t: d.t,
        format: formatSeconds,
        unit: 'seconds',
        lines: quantileLines(d.ttft, thresholdOn(o.kind, 'ttft')),
      }),
      new ChartPanel({
        title: 'Throughput per pod',
        id: 'pods',
        t: d.t,
        format: (v) => formatRate(v, '/s'),
        unit: 'rate',
        lines: pods.map(([pod, values], i) => ({
          label: pod,
          values,
          color: PALETTE[i % PALETTE.length] ?? '',
        })),
      }),
    ].filter((c): c is ChartPanel => c !== null);
  }
}
