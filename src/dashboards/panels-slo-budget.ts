/**
 * The SLO dashboard's budget panels: availability per window (the guide's
 * "Availability (30-day)" panel, over several windows), error budget remaining
 * in percent and in minutes (the guide's "Error Budget Remaining" panel with
 * its units fixed), and burn rates per objective against the factors of the
 * multi-window, multi-burn-rate alerts (DESIGN.md, "SLO math").
 *
 * SLOs are declared per environment, so these panels follow `$environment`
 * only; the model selection does not apply to them.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { SLI_WINDOWS } from '../promql/index.ts';
import type { SloSpec } from '../spec/index.ts';
import {
  DATASOURCE,
  lastValue,
  legend,
  promQuery,
  referenceLine,
  thresholdLines,
  thresholds,
  tooltipAll,
} from './grafana-parts.ts';
import {
  availabilityAt,
  availabilityTarget,
  budgetRemainingFraction,
  budgetRemainingMinutes,
  burnObjectiveNames,
  burnRate,
  burnThreshold,
} from './slo-queries.ts';

/** Windows of the availability panel: the SLI windows the rules record, and the guide's 7 and 30 days. */
export const AVAILABILITY_WINDOWS = ['5m', '1h', '1d', '7d', '30d'] as const;

function statPanel(title: string, description: string): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCE)
    .reduceOptions(lastValue())
    .textMode(common.BigValueTextMode.ValueAndName)
    .graphMode(common.BigValueGraphMode.None)
    .height(6);
}

/** Availability of the environment's availability objective over 5m ... 30d, and its target. */
export function availabilityPanel(spec: SloSpec): stat.PanelBuilder {
  const panel = statPanel(
    'Availability',
    'Guide: "Availability (30-day)", over several windows. 1 - the availability objective\'s bad-event ' +
      'ratio: from the recording rules where they record the window, else computed from the raw counters.',
  )
    .unit('percentunit')
    .decimals(3)
    .colorMode(common.BigValueColorMode.None)
    .span(10);
  AVAILABILITY_WINDOWS.forEach((w, i) => {
    const expr = availabilityAt(spec, w);
    if (expr) panel.withTarget(promQuery(String.fromCharCode(65 + i), expr, { legend: w, instant: true }));
  });
  const target = availabilityTarget(spec);
  if (target) panel.withTarget(promQuery('TARGET', target, { legend: 'target', instant: true }));
  return panel;
}

/** Share of each objective's budget left over its period; orange under 20 % (VllmErrorBudgetLow), red once spent. */
export function budgetRemainingPanel(spec: SloSpec): stat.PanelBuilder {
  const panel = statPanel(
    'Error Budget Remaining',
    "Share of each objective's error budget left over its period: 1 - error_ratio / (1 - target). " +
      'Below 0 the budget is overspent.',
  )
    .unit('percentunit')
    .decimals(1)
    .colorMode(common.BigValueColorMode.Value)
    .thresholds(
      thresholds([
        [null, 'red'],
        [0, 'orange'],
        [0.2, 'green'],
      ]),
    )
    .span(7);
  const expr = budgetRemainingFraction(spec);
  if (expr) panel.withTarget(promQuery('A', expr, { legend: '{{slo}}', instant: true }));
  return panel;
}

/** Minutes of each objective's budget left: period_minutes * ((1 - target) - error_ratio). */
export function budgetMinutesPanel(spec: SloSpec): stat.PanelBuilder {
  const panel = statPanel(
    'Error Budget Remaining (minutes)',
    'Budget left in minutes of the period: period_minutes * ((1 - target) - error_ratio); 99.9 % over 30 ' +
      'days is a 43.2-minute budget. Negative once overspent.',
  )
    .unit('m')
    .decimals(1)
    .colorMode(common.BigValueColorMode.Value)
    .thresholds(
      thresholds([
        [null, 'red'],
        [0, 'green'],
      ]),
    )
    .span(7);
  const expr = budgetRemainingMinutes(spec);
  if (expr) panel.withTarget(promQuery('A', expr, { legend: '{{slo}}', instant: true }));
  return panel;
}

/**
 * Burn rate of one objective over the recorded SLI windows, with each alert
 * pair's factor as a dashed line (red for page, orange for ticket pairs) and a
 * threshold line at 1: burning exactly the budget over the period.
 */
export function burnRatePanel(spec: SloSpec, name: string): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(`Burn Rate: ${name}`)
    .description(
      `Error ratio of ${name} over each window / (1 - target). Dashed lines: the burn-rate factors its alerts ` +
        'fire at (budget spent * period / long window: 14.4, 6, 3, 1 for 30 days); a pair fires when its ' +
        'long and short windows are both above the line. No data when the environment has no such objective.',
    )
    .datasource(DATASOURCE)
    .unit('suffix:×')
    .scaleDistribution(new common.ScaleDistributionConfigBuilder().type(common.ScaleDistribution.Log).log(10))
    .thresholds(
      thresholds([
        [null, 'transparent'],
        [1, 'yellow'],
      ]),
    )
    .thresholdsStyle(thresholdLines())
    .legend(legend(['lastNotNull', 'max']))
    .tooltip(tooltipAll())
    .span(12)
    .height(8);
  SLI_WINDOWS.forEach((w, i) => {
    const expr = burnRate(spec, name, w);
    if (expr) panel.withTarget(promQuery(String.fromCharCode(65 + i), expr, { legend: w }));
  });
  for (const w of spec.alerting.burnRateWindows) {
    const expr = burnThreshold(spec, name, w);
    if (!expr) continue;
    const refId = `${w.severity}-${w.long}-${w.short}`;
    // The windows as scaled to the selected environment's period (labels of burnThreshold's series).
    panel.withTarget(promQuery(refId, expr, { legend: `${w.severity}: {{long_window}} & {{short_window}}` }));
    panel.overrideByQuery(refId, referenceLine(w.severity === 'page' ? 'red' : 'orange'));
  }
  return panel;
}

/** One burn-rate panel per objective that has burn-rate alerts in some environment. */
export function burnRatePanels(spec: SloSpec): timeseries.PanelBuilder[] {
  return burnObjectiveNames(spec).map((name) => burnRatePanel(spec, name));
}
