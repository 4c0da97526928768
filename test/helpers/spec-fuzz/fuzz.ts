/**
 * The seeded spec fuzzer end to end: every seed checked in a worker with a
 * watchdog (runner.ts), accepted specs' files through promtool and amtool in
 * batches (tools-batch.ts), and every `cliEvery`-th seed through the real CLI
 * (cli-sample.ts). Used by test/spec/fuzz.test.ts and bench/fuzz-bench.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzCase } from './cases.ts';
import type { CaseReport } from './check-case.ts';
import { checkWithCli } from './cli-sample.ts';
import { runCases } from './runner.ts';
import { checkWithTools } from './tools-batch.ts';

export interface FuzzOptions {
  seeds: readonly number[];
  /** Per-case watchdog for validate and generate (in-process). */
  timeoutMs: number;
  /** Every n-th seed (seed % n === 0) also runs through the CLI; 0 for none. */
  cliEvery: number;
  /** Cases per promtool/amtool batch: their files are deleted after each. */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Runs the fuzzer; resolves with one report per seed, failures included. */
export async function runFuzz(o: FuzzOptions): Promise<CaseReport[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vllm-slo-fuzz-'));
  const batch = o.batch ?? 100;
  const reports: CaseReport[] = [];
  try {
    for (let i = 0; i < o.seeds.length; i += batch) {
      const out = mkdtempSync(join(dir, 'batch-'));
      const seeds = o.seeds.slice(i, i + batch);
      const done = await runCases({ seeds, outDir: out, timeoutMs: o.timeoutMs });
      checkWithTools(done);
      const sample = o.cliEvery > 0 ? done.filter((r) => r.seed % o.cliEvery === 0) : [];
      // One case at a time (its validate and generate run side by side): the CLI starts slowly under tsx.
      for (const r of sample)
        if (!r.failures.some((f) => f.kind === 'hang')) await checkWithCli(r, out, o.timeoutMs * 3);
      rmSync(out, { recursive: true, force: true });
      reports.push(...done);
      o.onProgress?.(reports.length, o.seeds.length);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return reports;
}

/** A case's failures, each kind once with how often and its first message (cut to `width`). */
export function failureSummary(r: CaseReport, width = 300): string {
  const kinds = [...new Set(r.failures.map((f) => f.kind))];
  return kinds
    .map((k) => {
      const all = r.failures.filter((f) => f.kind === k);
      return `${k}${all.length > 1 ? ` (x${all.length})` : ''}: ${(all[0]?.message ?? '').slice(0, width)}`;
    })
    .join('; ');
}

/** One line per failing seed, with its mutations: what a failing test prints. */
export function failureLines(reports: readonly CaseReport[]): string[] {
  return reports
    .filter((r) => r.failures.length > 0)
    .map(
      (r) => `seed ${r.seed} (${fuzzCase(r.seed).mutations.join('; ').slice(0, 200)}): ${failureSummary(r)}`,
    );
}
