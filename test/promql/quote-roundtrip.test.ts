/**
 * quote() keeps a label value's identity: a series whose label holds the raw
 * character is found by a matcher built with quote(), in the real promtool's
 * rule unit tests (the escapes decode to the same string Prometheus stored).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { quote } from '../../src/promql/index.ts';
import { runTool, withTempDir } from '../helpers/tools.ts';

const VALUES = ['a\tb', 'a\rb', 'a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'say "hi" \\o/'];

/** A YAML double-quoted scalar with every non-ASCII-printable character escaped, so the raw one reaches PromQL. */
function yamlDoubleQuoted(s: string): string {
  const escaped = s.replace(/[^\u0020-\u007e]|["\\]/g, (c) =>
    c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

/** The PromQL series literal with the raw value (the lexer takes raw control characters but newline). */
function rawSeries(value: string): string {
  return `up{model="${value.replace(/["\\]/g, (c) => `\\${c}`)}"}`;
}

it('a matcher built with quote() selects the series holding the raw value', async () => {
  await withTempDir((dir) => {
    const lines = [
      'rule_files: []',
      'evaluation_interval: 1m',
      'tests:',
      '  - interval: 1m',
      '    input_series:',
    ];
    VALUES.forEach((v, i) => {
      lines.push(`      - series: ${yamlDoubleQuoted(rawSeries(v))}`, `        values: "${i + 1}x5"`);
    });
    lines.push('    promql_expr_test:');
    VALUES.forEach((v, i) => {
      lines.push(
        '      - eval_time: 2m',
        `        expr: ${yamlDoubleQuoted(`sum(up{model=${quote(v)}})`)}`,
        '        exp_samples:',
        `          - labels: "{}"`,
        `            value: ${i + 1}`,
      );
    });
    const file = join(dir, 'quote.test.yaml');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = runTool('promtool', ['test', 'rules', file], { cwd: dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
