/**
 * The generated dashboards' PromQL: every expression (targets and variable
 * queries) of every spec variant accepted by the real promtool, Grafana's
 * variables substituted, and only recording-rule series the generated rules
 * record.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { dashboards } from '../../src/dashboards/index.ts';
import { ruleFiles } from '../../src/rules/index.ts';
import type { SloSpec } from '../../src/spec/index.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';
import { substitute, targets, variableQueries } from './dashboard-json.ts';
import { SPECS } from './dashboard-specs.ts';

function allExprs(spec: SloSpec): string[] {
  return dashboards(spec).flatMap((d) => [...targets(d.json).map((t) => t.expr), ...variableQueries(d.json)]);
}

describe('dashboard PromQL', () => {
  for (const [name, make] of Object.entries(SPECS)) {
    it(`passes promtool check rules for the ${name} spec`, async () => {
      const exprs = allExprs(make());
      assert.ok(exprs.length > 30, `only ${exprs.length} expressions found`);
      await withTempDir((dir) => {
        const rules = exprs.map((e, i) => ({ record: `dashboard:check:${i}`, expr: substitute(e) }));
        const file = join(dir, 'dashboards.rules.yaml');
        writeFileSync(file, stringify({ groups: [{ name: 'dashboard-check', rules }] }, { lineWidth: 0 }));
        const r = runTool('promtool', ['check', 'rules', file]);
        assert.equal(r.status, 0, `promtool check rules failed:\n${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
      });
    });
  }

  it('rejects a broken expression (the check can fail)', async () => {
    await withTempDir((dir) => {
      const file = join(dir, 'bad.rules.yaml');
      const rules = [{ record: 'dashboard:check:0', expr: substitute('sum(rate(x[$__rate_interval])') }];
      writeFileSync(file, stringify({ groups: [{ name: 'bad', rules }] }));
      assert.notEqual(runTool('promtool', ['check', 'rules', file]).status, 0);
    });
  });

  it('substitutes every Grafana variable and refuses unknown ones', () => {
    assert.equal(
      substitute(`a{e="$environment",m=~"\${model}"}[$__rate_interval]`),
      'a{e="production",m=~".*"}[1m]',
    );
    assert.throws(() => substitute('x{a="$nope"}'), /unknown Grafana variable/);
  });

  it('reads only recording-rule series that the generated rules record', () => {
    for (const make of Object.values(SPECS)) {
      const spec = make();
      const recorded = new Set(
        ruleFiles(spec).flatMap((f) =>
          f.groups.flatMap((g) =>
            g.rules.flatMap((r) =>
              'record' in r ? [`${r.record}|${r.labels?.environment}|${r.labels?.slo}`] : [],
            ),
          ),
        ),
      );
      const used = allExprs(spec).flatMap((e) => [
        ...e.matchAll(
          /(environment(?:_model|_pod)?:[a-z_]+:[a-z0-9_]+)\{environment="([^"]+)",slo="([^"]+)"\}/g,
        ),
      ]);
      assert.ok(used.length > 50);
      for (const [, name, env, slo] of used)
        assert.ok(
          recorded.has(`${name}|${env}|${slo}`),
          `${name}{environment="${env}",slo="${slo}"} is not recorded`,
        );
    }
  });
});
