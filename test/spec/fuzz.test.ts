/**
 * The seeded spec fuzzer (issue 17, section 5), a few hundred fixed seeds:
 * validate never throws, hangs or prints a stack trace (problems carry a
 * location), every accepted spec generates files promtool and amtool accept,
 * and a sample behaves the same through the real CLI. `npm run bench:fuzz`
 * runs thousands of seeds; a failing seed here rebuilds its spec with
 * fuzzCase(seed) (test/helpers/spec-fuzz/cases.ts).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultSpecText } from '../../src/spec/index.ts';
import { fuzzCase } from '../helpers/spec-fuzz/cases.ts';
import { type CaseReport, checkCase, looksLikeStackTrace } from '../helpers/spec-fuzz/check-case.ts';
import { failureLines, runFuzz } from '../helpers/spec-fuzz/fuzz.ts';
import { checkWithTools } from '../helpers/spec-fuzz/tools-batch.ts';
import { requireTool, withTempDir } from '../helpers/tools.ts';

const SEEDS = Array.from({ length: 240 }, (_, i) => i + 1);
// A watchdog, not a performance threshold: a case takes well under a second; this is for cases that never end.
const CASE_TIMEOUT_MS = 30_000;

describe('spec fuzzer', () => {
  it('builds the same spec from the same seed', () => {
    for (const seed of [1, 2, 77]) assert.deepEqual(fuzzCase(seed), fuzzCase(seed));
    assert.notEqual(fuzzCase(1).text, fuzzCase(2).text);
  });

  it('tells a stack trace from a problem message', () => {
    assert.ok(looksLikeStackTrace(new Error('boom').stack ?? ''));
    assert.ok(looksLikeStackTrace('invalid YAML: Maximum call stack size exceeded'));
    assert.ok(looksLikeStackTrace('unexpected error: x is not a function'));
    assert.ok(!looksLikeStackTrace('environments.production.period: expected a duration like 5m, 1h or 30d'));
  });

  it('passes the unmodified default spec and maps tool refusals back to their seeds', async () => {
    await withTempDir((dir) => {
      const report = checkCase(
        { seed: 7, base: 'default-spec.yaml', mutations: [], text: defaultSpecText() },
        dir,
      );
      assert.equal(report.outcome, 'accepted');
      assert.ok(report.ruleFiles.length >= 3 && report.alertmanagerFile !== undefined);
      const broken: CaseReport = {
        ...report,
        seed: 8,
        failures: [],
        ruleFiles: [join(dir, 'seed-8-bad.rules.yaml')],
      };
      writeFileSync(
        broken.ruleFiles[0] ?? '',
        'groups:\n- name: x\n  rules:\n  - record: a\n    expr: sum(\n',
      );
      broken.alertmanagerFile = join(dir, 'seed-8-alertmanager.yaml');
      writeFileSync(broken.alertmanagerFile, 'route:\n  receiver: nope\n');
      checkWithTools([report, broken]);
      assert.deepEqual(report.failures, []);
      assert.deepEqual(
        broken.failures.map((f) => f.kind),
        ['promtool', 'amtool'],
      );
      assert.match(broken.failures[1]?.message ?? '', /undefined receiver "nope"/);
    });
  });

  it(`holds for seeds ${SEEDS[0]} to ${SEEDS[SEEDS.length - 1]}`, { timeout: 600_000 }, async () => {
    requireTool('promtool');
    requireTool('amtool');
    const reports = await runFuzz({ seeds: SEEDS, timeoutMs: CASE_TIMEOUT_MS, cliEvery: 80 });
    const accepted = reports.filter((r) => r.outcome === 'accepted').length;
    // The mix matters: a fuzzer whose every spec is rejected never reaches the generators.
    assert.ok(accepted >= SEEDS.length / 10, `only ${accepted} of ${SEEDS.length} cases accepted`);
    const failed = failureLines(reports);
    assert.deepEqual(failed, [], `${failed.length} of ${SEEDS.length} cases failed:\n${failed.join('\n')}`);
  });
});
