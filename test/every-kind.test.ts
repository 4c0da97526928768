/**
 * Every consumer of the objective-kind table handles every kind (issue 11): a
 * spec with one objective of each kind goes through the rules, the
 * Alertmanager inhibitions, the dashboards, the status engine over the
 * embedded store, the CLI's table and the UI's formatting, and each follows
 * the kind's facts. A kind outside the table is refused where it used to be
 * counted as an error-rate objective.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { inhibitRules } from '../src/alerting/index.ts';
import { renderStatus } from '../src/cli/status-table.ts';
import { sloDashboard } from '../src/dashboards/index.ts';
import { emptyRollup, type ObjectiveStatus } from '../src/engine/index.ts';
import { isAlertingRule, ruleFiles } from '../src/rules/index.ts';
import { EmbeddedSource, environmentStatus, rollupCounts } from '../src/sources/index.ts';
import {
  kindFacts,
  OBJECTIVE_KINDS,
  type Objective,
  type RatioObjective,
  type SloSpec,
  thresholdHistogram,
  UnhandledCaseError,
} from '../src/spec/index.ts';
import { SloStore } from '../src/store/index.ts';
import { formatObjectiveValue, formatPercent, formatTarget } from '../src/ui/app/format.ts';
import { specFromText } from './helpers/spec.ts';
import { everyTenthFails, recordRequests, T0 } from './store/store-helpers.ts';

const EVERY_KIND = new URL('./fixtures/spec/valid/every-kind.yaml', import.meta.url);
const spec = specFromText(readFileSync(EVERY_KIND, 'utf8'), 'every-kind.yaml');
const env = spec.environments[0] ?? assert.fail('every-kind.yaml has no environment');
const objectives: Objective[] = env.objectives;

/** The metric an objective's SLI reads, by the table's `sli`. */
function sliMetric(o: Objective): string {
  const h = thresholdHistogram(o.kind);
  if (h === 'duration') return spec.metrics.requestDuration;
  if (h === 'ttft') return spec.metrics.timeToFirstToken;
  return spec.metrics.errors;
}

/** The spec with its one environment's objective `name` replaced by `o`. */
function withObjective(name: string, o: Objective): SloSpec {
  const e = { ...env, objectives: objectives.map((x) => (x.name === name ? o : x)) };
  return { ...spec, environments: [e] };
}

describe('every objective kind through every consumer', () => {
  it('the fixture has one objective of each kind of the table', () => {
    assert.deepEqual(objectives.map((o) => o.kind).sort(), [...OBJECTIVE_KINDS].sort());
  });

  it('rules: each ratio kind is recorded from its SLI metric and has burn alerts; a capacity kind neither', () => {
    const rules = ruleFiles(spec).flatMap((f) => f.groups.flatMap((g) => g.rules));
    for (const o of objectives) {
      const recorded = rules.filter((r) => !isAlertingRule(r) && r.labels?.slo === o.name);
      const burns = rules.filter((r) => isAlertingRule(r) && r.labels?.slo === o.name);
      if (kindFacts(o.kind).measure === 'ratio') {
        assert.ok(recorded.length > 0, `${o.kind}: no SLI records`);
        assert.ok(
          recorded.some((r) => r.expr.includes(sliMetric(o))),
          `${o.kind}: no SLI record reads ${sliMetric(o)}`,
        );
        assert.ok(burns.length > 0, `${o.kind}: no burn-rate alerts`);
      } else {
        assert.deepEqual([...recorded, ...burns], [], `${o.kind}: a capacity kind has no budget`);
      }
    }
  });

  it('alerting: the burn alerts of the failure kinds, and only theirs, mute the threshold alerts', () => {
    const slos = inhibitRules(spec)
      .flatMap((r) => r.source_matchers)
      .find((m) => m.startsWith('slo=~'));
    const failures = objectives.filter((o) => kindFacts(o.kind).sli === 'failures').map((o) => o.name);
    assert.equal(slos, `slo=~"${failures.sort().join('|')}"`);
  });

  it("dashboards: a quantile panel for each threshold kind's histogram, and the throughput floor", () => {
    const json = JSON.stringify(sloDashboard(spec));
    for (const o of objectives) {
      if (thresholdHistogram(o.kind) !== undefined)
        assert.ok(json.includes(`of ${sliMetric(o)} per model`), o.kind);
    }
    assert.ok(json.includes('Throughput per Pod'));
  });

  it('status, the CLI table and the UI: every kind has its status, read as the table says', async () => {
    const store = SloStore.open(':memory:', { autoCompact: false, now: () => T0 + 60_000 });
    let statuses: ObjectiveStatus[];
    try {
      recordRequests(store, 50, T0 + 60_000, 50, everyTenthFails);
      store.flush();
      statuses = (await environmentStatus(spec, new EmbeddedSource(store), env, T0 + 60_000)).objectives;
    } finally {
      store.close();
    }
    assert.deepEqual(
      statuses.map((s) => s.kind),
      objectives.map((o) => o.kind),
    );
    const lines: string[] = [];
    renderStatus({ out: (l) => lines.push(l), err: () => {}, color: false }, {
      source: 'embedded',
      environments: [{ environment: env.name, objectives: statuses, time_availability: null }],
    } as never);
    for (const s of statuses) {
      const f = kindFacts(s.kind);
      assert.notEqual(s.value, null, `${s.kind}: no value`);
      assert.equal(s.error_budget === null, f.measure === 'capacity', s.kind);
      assert.ok(
        lines.some((l) => l.startsWith(s.name)),
        `${s.kind}: no row in the status table`,
      );
      const shown = formatObjectiveValue(s);
      if (f.shows === 'bad-share') assert.equal(shown, formatPercent(1 - (s.value ?? 0)), s.kind);
      if (f.shows === 'good-share') assert.equal(shown, formatPercent(s.value), s.kind);
      assert.ok(formatTarget(s).length > 0, s.kind);
    }
  });

  it('refuses a kind outside the table instead of counting it as an error-rate objective', () => {
    const errorRate = objectives.find((o) => o.kind === 'error-rate') as RatioObjective;
    const unknown = { ...errorRate, kind: 'saturation' } as unknown as RatioObjective;
    assert.throws(() => ruleFiles(withObjective(errorRate.name, unknown)), UnhandledCaseError);
    assert.throws(() => rollupCounts(unknown, emptyRollup()), UnhandledCaseError);
    const status = { kind: 'saturation', value: 0.5, target: 0.9 } as unknown as ObjectiveStatus;
    assert.throws(() => formatObjectiveValue(status), /unhandled objective kind "saturation"/);
  });
});
