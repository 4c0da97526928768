/**
 * Asks the real promtool whether PromQL expressions parse: each becomes a
 * recording rule of one file, written as the generated rules files are
 * (src/rules renderRuleFile), and `promtool check rules` reads it. A missing
 * promtool fails with the command that installs it (test/helpers/tools.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleFile } from '../../src/rules/index.ts';
import { type RunResult, runTool, withTempDir } from '../helpers/tools.ts';

/** Runs `promtool check rules` on one file holding `exprs` as recording rules (record names are made up). */
export function checkExpressions(exprs: readonly string[]): Promise<RunResult> {
  return withTempDir((dir) => {
    const file = join(dir, 'exprs.rules.yaml');
    const rules = exprs.map((expr, i) => ({ record: `vllm_slo_test:expr:${i}`, expr }));
    writeFileSync(
      file,
      renderRuleFile({ file: 'exprs.rules.yaml', description: 'test', groups: [{ name: 'exprs', rules }] }),
    );
    return runTool('promtool', ['check', 'rules', file]);
  });
}
