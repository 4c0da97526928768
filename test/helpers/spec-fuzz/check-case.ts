/**
 * The fuzzer's property for one spec, in-process: validating never throws and
 * every problem has a location and no stack trace; an accepted spec generates
 * every artefact (both output formats) without throwing. The rule files and
 * the Alertmanager config are written to `outDir` for promtool and amtool,
 * which run once per batch (tools-batch.ts).
 */
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type Artefact, artefacts } from '../../../src/bundle/index.ts';
import { formatProblem, parseSpec, type SpecProblem } from '../../../src/spec/index.ts';
import type { FuzzCase } from './cases.ts';
import { dashboardRuleFile } from './dashboard-rules.ts';

export type FailureKind =
  | 'validate-threw'
  | 'no-location'
  | 'stack-trace'
  | 'long-message'
  | 'printed'
  | 'generate-threw'
  | 'bad-artefact'
  | 'output-too-large'
  | 'hang'
  | 'worker-crash'
  | 'promtool'
  | 'amtool'
  | 'cli';

export interface Failure {
  kind: FailureKind;
  message: string;
}

export interface CaseReport {
  seed: number;
  outcome: 'rejected' | 'accepted';
  problems: number;
  failures: Failure[];
  /** Rule files written for promtool (accepted specs only): the rules, and the dashboards' PromQL. */
  ruleFiles: string[];
  /** The Alertmanager config written for amtool (accepted specs only). */
  alertmanagerFile: string | undefined;
  outputBytes: number;
  ms: number;
}

/** A V8 stack frame, or an engine error's name or message leaking into user-facing text. */
const STACK =
  /(^|\n)\s*at \S.*(:\d+:\d+\)?$|\(native\)$|<anonymous>)|Maximum call stack size exceeded|unexpected error|\b(TypeError|RangeError|ReferenceError)\b|Cannot read properties of/m;

/** True when text shows a stack trace or an internal error rather than a message for users. */
export function looksLikeStackTrace(text: string): boolean {
  return STACK.test(text);
}

/** A problem message should read as one line or a few; 2,000 characters is far past that. */
const MAX_MESSAGE = 2000;
/** Past this the generated files are not usable (and promtool would take minutes). */
export const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
// Problems about the file as a whole carry no line and no field path (too_large: refused before parsing).
const FILE_LEVEL = new Set(['empty', 'not_text', 'file_unreadable', 'too_large']);

function problemFailures(p: SpecProblem): Failure[] {
  const out: Failure[] = [];
  const line = formatProblem(p);
  if (p.line <= 0 && p.path.length === 0 && !FILE_LEVEL.has(p.code))
    out.push({ kind: 'no-location', message: line.slice(0, 300) });
  if (looksLikeStackTrace(p.message)) out.push({ kind: 'stack-trace', message: line.slice(0, 300) });
  if (line.length > MAX_MESSAGE)
    out.push({ kind: 'long-message', message: `${line.length} characters: ${line.slice(0, 200)}` });
  return out;
}

/** Checks what generate writes parses as what it claims to be (JSON dashboards, YAML objects). */
function artefactFailures(files: Artefact[]): Failure[] {
  const out: Failure[] = [];
  for (const f of files) {
    try {
      if (f.path.endsWith('.json')) JSON.parse(f.content);
      else {
        const docs = parseAllDocuments(f.content);
        const errors = Array.isArray(docs) ? docs.flatMap((d) => d.errors) : [];
        if (errors.length > 0) throw new Error(errors[0]?.message);
      }
    } catch (err) {
      out.push({ kind: 'bad-artefact', message: `${f.path}: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  return out;
}

const errorText = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err);

/** Validates and, when accepted, generates; writes the files the tools check into `outDir`. */
export function checkCase(c: FuzzCase, outDir: string): CaseReport {
  const start = performance.now();
  const report: CaseReport = {
    seed: c.seed,
    outcome: 'rejected',
    problems: 0,
    failures: [],
    ruleFiles: [],
    alertmanagerFile: undefined,
    outputBytes: 0,
    ms: 0,
  };
  const done = (): CaseReport => ({ ...report, ms: Math.round(performance.now() - start) });
  let result: ReturnType<typeof parseSpec>;
  try {
    result = parseSpec(c.text, `seed-${c.seed}.yaml`);
  } catch (err) {
    report.failures.push({ kind: 'validate-threw', message: errorText(err) });
    return done();
  }
  if (!result.ok) {
    report.problems = result.problems.length;
    if (result.problems.length === 0)
      report.failures.push({ kind: 'no-location', message: 'rejected with no problem' });
    report.failures.push(...result.problems.flatMap(problemFailures));
    return done();
  }
  report.outcome = 'accepted';
  report.failures.push(...result.warnings.flatMap(problemFailures));
  let files: Artefact[];
  try {
    files = artefacts(result.spec, 'files');
    const kube = artefacts(result.spec, 'kubernetes');
    report.failures.push(...artefactFailures([...files, ...kube]));
  } catch (err) {
    report.failures.push({ kind: 'generate-threw', message: errorText(err) });
    return done();
  }
  report.outputBytes = files.reduce((n, f) => n + f.content.length, 0);
  if (report.outputBytes > MAX_OUTPUT_BYTES) {
    report.failures.push({
      kind: 'output-too-large',
      message: `generate writes ${(report.outputBytes / 1e6).toFixed(0)} MB for a ${(c.text.length / 1e6).toFixed(1)} MB spec`,
    });
    return done();
  }
  for (const f of files) {
    const path = join(outDir, `seed-${c.seed}-${basename(f.path)}`);
    if (f.path.startsWith('prometheus/')) report.ruleFiles.push(path);
    else if (f.path.startsWith('alertmanager/')) report.alertmanagerFile = path;
    else continue;
    writeFileSync(path, f.content);
  }
  try {
    const path = join(outDir, `seed-${c.seed}-dashboards.rules.yaml`);
    writeFileSync(
      path,
      dashboardRuleFile(files.filter((f) => f.path.endsWith('.json')).map((f) => f.content)),
    );
    report.ruleFiles.push(path);
  } catch (err) {
    report.failures.push({ kind: 'bad-artefact', message: `dashboards: ${errorText(err)}` });
  }
  return done();
}
