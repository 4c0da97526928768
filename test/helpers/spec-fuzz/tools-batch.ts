/**
 * promtool and amtool over many accepted specs at once: one `promtool check
 * rules` and one `amtool check-config` per chunk of files, each refusal
 * mapped back to its seed through the file name (seed-<n>-<file>).
 */

import { runTool } from '../tools.ts';
import type { CaseReport, Failure } from './check-case.ts';

/** Files per tool run: keeps the command line short and a failed run's output readable. */
const CHUNK = 150;
const SEED = /seed-(\d+)-/;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Failures by seed from tool output lines that name a seed's file. */
function attribute(lines: string[], kind: Failure['kind'], into: Map<number, Failure[]>): number {
  let found = 0;
  for (const line of lines) {
    const m = SEED.exec(line);
    if (!m) continue;
    const seed = Number(m[1]);
    // amtool: "Checking '<file>'  FAILED: <why>"; promtool: "<file>: <why>".
    const message = line
      .replace(/^.*?seed-\d+-/, '')
      .replace(/'\s+FAILED:/, ':')
      .slice(0, 300);
    into.set(seed, [...(into.get(seed) ?? []), { kind, message }]);
    found++;
  }
  return found;
}

function check(bin: 'promtool' | 'amtool', files: string[], into: Map<number, Failure[]>): void {
  for (const chunk of chunks(files)) {
    const args = bin === 'promtool' ? ['check', 'rules', ...chunk] : ['check-config', ...chunk];
    const r = runTool(bin, args);
    if (r.status === 0) continue;
    // promtool names the file on each error line (stderr); amtool says FAILED on its "Checking" line (stdout).
    const lines =
      bin === 'promtool' ? r.stderr.split('\n') : r.stdout.split('\n').filter((l) => l.includes('FAILED'));
    const found = attribute(lines, bin, into);
    if (found === 0)
      throw new Error(`${bin} failed without naming a file (exit ${r.status}):\n${r.stderr.slice(0, 2000)}`);
  }
}

/** Runs the tools on every accepted report's files and adds their refusals to the reports. */
export function checkWithTools(reports: readonly CaseReport[]): void {
  const failures = new Map<number, Failure[]>();
  check(
    'promtool',
    reports.flatMap((r) => r.ruleFiles),
    failures,
  );
  check(
    'amtool',
    reports.flatMap((r) => (r.alertmanagerFile ? [r.alertmanagerFile] : [])),
    failures,
  );
  for (const r of reports) r.failures.push(...(failures.get(r.seed) ?? []));
}
