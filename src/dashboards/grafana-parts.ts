/**
 * Small pieces every panel uses, on top of the Grafana Foundation SDK: the
 * Prometheus datasource reference (always the `datasource` variable, so one
 * import serves any Prometheus, Thanos or Mimir), query targets, thresholds,
 * legends, the reference-line style for SLO lines, and the JSON the
 * dashboards leave this folder as.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** Name of the datasource variable every panel and query reads. */
export const DATASOURCE_VARIABLE = 'datasource';

/** `{ type: prometheus, uid: ${datasource} }`: Grafana resolves the variable at load time. */
export const DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` };

export interface QueryOptions {
  /** Legend text; `{{label}}` takes a label's value. */
  legend?: string;
  /** One value at the end of the range (stat, gauge, table), instead of a series. */
  instant?: boolean;
  /** Table format: labels become columns (the pod details table). */
  table?: boolean;
}

/** A PromQL target in code mode (these queries are too long for the visual builder). */
export function promQuery(
  refId: string,
  expr: string,
  options: QueryOptions = {},
): prometheus.DataqueryBuilder {
  const q = new prometheus.DataqueryBuilder()
    .datasource(DATASOURCE)
    .refId(refId)
    .expr(expr)
    .editorMode(prometheus.QueryEditorMode.Code);
  if (options.legend !== undefined) q.legendFormat(options.legend);
  if (options.instant) q.instant();
  else q.range();
  if (options.table) q.format(prometheus.PromQueryFormat.Table);
  return q;
}

/** Absolute thresholds from [value, colour] pairs; the first value is the base (null = -Infinity). */
export function thresholds(
  steps: ReadonlyArray<readonly [number | null, string]>,
): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map(([value, color]) => ({ value, color })));
}

/** Draws a panel's thresholds as horizontal lines (timeseries panels). */
export function thresholdLines(): common.GraphThresholdsStyleConfigBuilder {
  return new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line);
}

/** A legend under the chart, as a table with the given calculations (e.g. mean, max, last). */
export function legend(calcs: string[] = []): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .placement(common.LegendPlacement.Bottom)
    .displayMode(calcs.length > 0 ? common.LegendDisplayMode.Table : common.LegendDisplayMode.List)
    .calcs(calcs);
}

/** A tooltip listing every series at the cursor, highest first. */
export function tooltipAll(): common.VizTooltipOptionsBuilder {
  return new common.VizTooltipOptionsBuilder()
    .mode(common.TooltipDisplayMode.Multi)
    .sort(common.SortOrder.Descending);
}

/** The last non-null value, for stat, gauge and table panels. */
export function lastValue(): common.ReduceDataOptionsBuilder {
  return new common.ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']);
}

/**
 * Field overrides that draw a query's series as a dashed reference line in a
 * fixed colour: the SLO lines, whose values come from the spec per environment.
 */
export function referenceLine(color: string): dashboard.DynamicConfigValue[] {
  return [
    { id: 'color', value: { mode: 'fixed', fixedColor: color } },
    { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
    { id: 'custom.lineWidth', value: 2 },
    { id: 'custom.fillOpacity', value: 0 },
    { id: 'custom.showPoints', value: 'never' },
  ];
}

/** A panel builder of any visualisation: what dashboard assembly needs of it. */
export type PanelLike = cog.Builder<dashboard.Panel> & { id(id: number): unknown };

/** A titled row and its panels; rows without a title are laid out at the top. */
export interface Section {
  title?: string;
  panels: readonly PanelLike[];
}

/**
 * Adds sections to a dashboard, numbering rows and panels 1, 2, ... in order so
 * ids are stable across generations (Grafana keys panel links and state on them).
 */
export function addSections(
  d: dashboard.DashboardBuilder,
  sections: readonly Section[],
): dashboard.DashboardBuilder {
  let id = 0;
  for (const section of sections) {
    if (section.title !== undefined) d.withRow(new dashboard.RowBuilder(section.title).id(++id));
    for (const panel of section.panels) {
      panel.id(++id);
      d.withPanel(panel);
    }
  }
  return d;
}

/** Links to the other vllm-slo dashboards (by tag), keeping the time range and variables. */
export function siblingLinks(tag: string): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder('vLLM dashboards')
    .type(dashboard.DashboardLinkType.Dashboards)
    .tags([tag])
    .asDropdown(true)
    .includeVars(true)
    .keepTime(true)
    .icon('external link')
    .tooltip('')
    .targetBlank(false);
}

/** Grafana's built-in annotations (alerts and manual annotations), as a new dashboard has them. */
export function builtInAnnotations(): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('Annotations & Alerts')
    .datasource({ type: 'grafana', uid: '-- Grafana --' })
    .builtIn(1)
    .enable(true)
    .hide(true)
    .iconColor('rgba(0, 211, 255, 1)')
    .type('dashboard');
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The plain JSON of a built dashboard: what Grafana imports and the CLI writes.
 * The SDK's objects carry marker methods (its Dataquery variants) that JSON
 * drops; the round trip makes the returned value exactly the file's content.
 */
export function toJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

/** A half-width time series panel on the datasource variable, with mean/max/last in its legend. */
export function timeseriesPanel(title: string, description: string): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .min(0)
    .legend(legend(['mean', 'max', 'lastNotNull']))
    .tooltip(tooltipAll())
    .span(12)
    .height(8);
}
