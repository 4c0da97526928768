/**
 * Time-series panels drawn by uPlot (canvas, fast on 43,200-point series).
 * Nulls stay gaps: no traffic is not zero. Threshold and target lines are
 * constant dashed series, so they show in the legend like Grafana's.
 */
import uPlot from 'uplot';
import type { Series } from '../../api/index.ts';
import { h } from './dom.ts';
import { NO_DATA } from './format.ts';
import { type TickUnit, tickLabel } from './ticks.ts';

export interface LineSpec {
  label: string;
  values: Series;
  color: string;
  /** A reference line (target, threshold): dashed, thinner. */
  reference?: boolean;
  /** Filled area under the line. */
  fill?: boolean;
}

export interface PanelSpec {
  title: string;
  /** Stable hook for the browser tests: data-testid="chart-<id>". */
  id: string;
  t: number[];
  lines: LineSpec[];
  /** Legend text for a y value. */
  format: (v: number) => string;
  /** The y axis' unit; tick labels take as many decimals as the tick spacing needs. */
  unit: TickUnit;
}

/** Grafana's classic palette, enough for a few pods. */
export const PALETTE = [
  '#73bf69',
  '#f2cc0c',
  '#8ab8ff',
  '#ff780a',
  '#f2495c',
  '#5794f2',
  '#b877d9',
  '#fade2a',
];
export const THRESHOLD_COLOR = '#f2495c';

const AXIS = {
  stroke: '#9fa7b3',
  grid: { stroke: 'rgba(204,204,220,0.09)', width: 1 },
  ticks: { show: false },
};

/** A constant series at `v` aligned on `t` (a target or threshold line). */
export function constant(t: readonly number[], v: number): Series {
  return t.map(() => v);
}

function hasData(lines: readonly LineSpec[]): boolean {
  return lines.some((l) => !l.reference && l.values.some((v) => v !== null));
}

/** The x range a user dragged to (Unix seconds). */
export interface Zoom {
  min: number;
  max: number;
}

/** One chart in a panel with a title; `destroy()` frees it when the page goes. */
export class ChartPanel {
  readonly element: HTMLElement;
  readonly id: string;
  private readonly plot: uPlot;
  private readonly observer: ResizeObserver;
  private readonly first: number | undefined;
  private readonly last: number | undefined;

  constructor(spec: PanelSpec) {
    this.id = spec.id;
    this.first = spec.t[0];
    this.last = spec.t.at(-1);
    const body = h('div', { class: 'chart-body' });
    const withData = hasData(spec.lines);
    const empty = withData ? null : h('div', { class: 'chart-empty' }, 'No traffic in this range');
    // Without data uPlot fits the axis to the reference line alone (0 to 10000 %); a unit range reads better.
    const yRange = withData ? undefined : ([0, 1] as [number, number]);
    this.element = h(
      'section',
      { class: 'panel', testid: `chart-${spec.id}` },
      h('h3', { class: 'panel-title' }, spec.title),
      body,
      empty,
    );
    const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? NO_DATA : spec.format(v));
    const opts: uPlot.Options = {
      width: 400,
      height: 190,
      cursor: { drag: { x: true, y: false } },
      // data-zoomed tells tests (and styles) whether the user narrowed the x range.
      hooks: {
        setScale: [
          (u, key) => {
            if (key === 'x')
              this.element.dataset.zoomed = String(this.isZoomed(u.scales.x?.min, u.scales.x?.max));
          },
        ],
      },
      scales: { x: { time: true }, y: yRange ? { range: yRange } : { auto: true } },
      axes: [
        { ...AXIS },
        {
          ...AXIS,
          size: 76,
          values: (_u, splits, _axis, _space, incr) => splits.map((v) => tickLabel(spec.unit, v, incr)),
        },
      ],
      series: [
        {},
        ...spec.lines.map(
          (l): uPlot.Series => ({
            label: l.label,
            stroke: l.color,
            width: l.reference ? 1.5 : 1.75,
            spanGaps: false,
            points: { show: false },
            value: (_u, v) => fmt(v),
            ...(l.reference ? { dash: [6, 4] } : {}),
            ...(l.fill ? { fill: `${l.color}22` } : {}),
          }),
        ),
      ],
    };
    const data: uPlot.AlignedData = [spec.t, ...spec.lines.map((l) => l.values)];
    this.plot = new uPlot(opts, data, body);
    // uPlot draws at a fixed size; follow the panel's width as the window resizes.
    this.observer = new ResizeObserver(() => {
      const w = Math.floor(body.clientWidth);
      if (w > 0 && w !== this.plot.width) this.plot.setSize({ width: w, height: 190 });
    });
    this.observer.observe(body);
  }

  private isZoomed(min: number | undefined, max: number | undefined): boolean {
    if (min === undefined || max === undefined || this.first === undefined || this.last === undefined)
      return false;
    return min > this.first || max < this.last;
  }

  /** The x range the user zoomed to, or undefined when the chart shows all of its data. */
  zoom(): Zoom | undefined {
    const { min, max } = this.plot.scales.x ?? {};
    return this.isZoomed(min, max) ? { min: min as number, max: max as number } : undefined;
  }

  /** Shows `z` again (after a refresh redrew the chart), kept inside the new data. */
  restoreZoom(z: Zoom): void {
    if (this.first === undefined || this.last === undefined) return;
    const min = Math.max(z.min, this.first);
    const max = Math.min(z.max, this.last);
    if (max > min) this.plot.setScale('x', { min, max });
  }

  destroy(): void {
    this.observer.disconnect();
    this.plot.destroy();
  }
}
