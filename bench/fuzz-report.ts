/** The spec fuzzer's Markdown report: cases by outcome, failures by kind, and every failing seed. */

import { fuzzCase } from '../test/helpers/spec-fuzz/cases.ts';
import type { CaseReport, FailureKind } from '../test/helpers/spec-fuzz/check-case.ts';
import { failureSummary } from '../test/helpers/spec-fuzz/fuzz.ts';
import { type Column, markdownTable } from './markdown-table.ts';

export interface FuzzRun {
  date: string;
  commit: string;
  node: string;
  promtool: string;
  amtool: string;
  from: number;
  count: number;
  cliEvery: number;
  timeoutMs: number;
  seconds: number;
  reports: CaseReport[];
}

const n = (x: number): string => x.toLocaleString('en-US');

/** One table cell: ASCII only (the formatter measures characters), pipes escaped, one line. */
function cell(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/gu, (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`);
  return ascii.replaceAll('\\|', '|').replaceAll('|', '\\|');
}

function outcomes(reports: readonly CaseReport[]): string[] {
  const failed = reports.filter((r) => r.failures.length > 0);
  const ok = reports.filter((r) => r.failures.length === 0);
  const rows: Array<[string, number]> = [
    [
      'accepted: generated, promtool and amtool accept the files',
      ok.filter((r) => r.outcome === 'accepted').length,
    ],
    [
      'rejected: problems with file:line:col and field path',
      ok.filter((r) => r.outcome === 'rejected').length,
    ],
    ['failed (below)', failed.length],
    ['total', reports.length],
  ];
  const columns: Column[] = [
    { title: 'outcome', align: 'left' },
    { title: 'cases', align: 'right' },
  ];
  return markdownTable(
    columns,
    rows.map(([what, count]) => [what, n(count)]),
  );
}

function byKind(reports: readonly CaseReport[]): string[] {
  const counts = new Map<FailureKind, number>();
  for (const r of reports)
    for (const k of new Set(r.failures.map((f) => f.kind))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, c]) => [k, n(c)]);
  return markdownTable(
    [
      { title: 'failure', align: 'left' },
      { title: 'cases', align: 'right' },
    ],
    rows,
  );
}

function failures(reports: readonly CaseReport[]): string[] {
  const rows = reports
    .filter((r) => r.failures.length > 0)
    .map((r) => {
      const c = fuzzCase(r.seed);
      return [
        String(r.seed),
        cell(`${c.base}: ${c.mutations.join('; ')}`.slice(0, 200)),
        cell(failureSummary(r, 160)),
      ];
    });
  return markdownTable(
    [
      { title: 'seed', align: 'right' },
      { title: 'case', align: 'left' },
      { title: 'failure', align: 'left' },
    ],
    rows,
  );
}

/** The report's Markdown text. */
export function renderFuzzReport(run: FuzzRun): string {
  const last = run.from + run.count - 1;
  const accepted = run.reports.filter((r) => r.outcome === 'accepted').length;
  const cli = run.cliEvery > 0 ? run.reports.filter((r) => r.seed % run.cliEvery === 0).length : 0;
  const lines = [
    `# Spec fuzzer, ${run.date}`,
    '',
    `\`npm run bench:fuzz -- --from ${run.from} --count ${run.count} --cli-every ${run.cliEvery}\` at ${run.commit}:`,
    `seeds ${n(run.from)} to ${n(last)}, each a mutation of the default spec or a valid fixture`,
    '(test/helpers/spec-fuzz). Per case: validate in a worker thread with a',
    `${run.timeoutMs / 1000} s watchdog, generate (files and kubernetes) when accepted; ${n(accepted)} accepted`,
    `specs' rule files, dashboards' PromQL and Alertmanager configs through ${run.promtool} and`,
    `${run.amtool}; ${n(cli)} cases also through the CLI (\`validate\` and \`generate\` as child processes).`,
    `Node ${run.node}; ${Math.round(run.seconds)} s.`,
    '',
    ...outcomes(run.reports),
  ];
  if (run.reports.some((r) => r.failures.length > 0))
    lines.push('', 'Failures by kind (a case may have several):', '', ...byKind(run.reports));
  lines.push(
    '',
    'Every failing seed (`fuzzCase(seed)` in test/helpers/spec-fuzz/cases.ts rebuilds the spec):',
    '',
  );
  lines.push(...(run.reports.some((r) => r.failures.length > 0) ? failures(run.reports) : ['None.']));
  return `${lines.join('\n')}\n`;
}
