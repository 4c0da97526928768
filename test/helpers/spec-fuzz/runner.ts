/**
 * Runs fuzz cases in a worker thread with a per-case watchdog: a case that
 * does not finish in time (a regex that backtracks, a loop) is recorded as a
 * hang, the worker is terminated and a new one takes the next seed. A worker
 * that dies (out of memory) is recorded the same way.
 */
import { Worker } from 'node:worker_threads';
import type { CaseReport, FailureKind } from './check-case.ts';
import type { CaseRequest } from './worker.ts';

export interface RunOptions {
  seeds: readonly number[];
  /** Where accepted specs' rule files and Alertmanager configs are written. */
  outDir: string;
  /** Per-case watchdog. */
  timeoutMs: number;
  /** The worker's heap limit: a case that exhausts it is a crash, not the end of the run. */
  heapMb?: number;
  onReport?: (r: CaseReport) => void;
}

const TSX = import.meta.resolve('tsx/esm/api');
const ENTRY = new URL('./worker.ts', import.meta.url).href;
// A worker cannot start from a .ts file under Node 20's --import hooks, so it registers tsx itself.
const BOOT = `import(${JSON.stringify(TSX)}).then((m) => { m.register(); return import(${JSON.stringify(ENTRY)}); });`;

type Reply = { kind: 'report'; report: CaseReport } | { kind: 'lost'; why: FailureKind; message: string };

function startWorker(heapMb: number): Promise<Worker> {
  // The CLI's main thread has V8's default stack (984 KB); a worker gets 4 MB unless told, and deep YAML
  // nesting that overflows the CLI's stack would then pass here (seeds 650 and 4650 found it).
  const w = new Worker(BOOT, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, stackSizeMb: 1 },
  });
  return new Promise((resolve, reject) => {
    w.once('message', () => resolve(w));
    w.once('error', reject);
  });
}

function ask(w: Worker, req: CaseRequest, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve) => {
    const settle = (r: Reply): void => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      resolve(r);
    };
    const onMessage = (report: CaseReport) => settle({ kind: 'report', report });
    const onError = (err: Error) => settle({ kind: 'lost', why: 'worker-crash', message: err.message });
    const onExit = (code: number) =>
      settle({ kind: 'lost', why: 'worker-crash', message: `worker exited ${code}` });
    const timer = setTimeout(
      () => settle({ kind: 'lost', why: 'hang', message: `did not finish within ${timeoutMs} ms` }),
      timeoutMs,
    );
    w.on('message', onMessage);
    w.once('error', onError);
    w.once('exit', onExit);
    w.postMessage(req);
  });
}

/** Checks every seed in order; resolves with one report per seed. */
export async function runCases(o: RunOptions): Promise<CaseReport[]> {
  const heapMb = o.heapMb ?? 2048;
  const reports: CaseReport[] = [];
  let worker = await startWorker(heapMb);
  try {
    for (const seed of o.seeds) {
      const reply = await ask(worker, { seed, outDir: o.outDir }, o.timeoutMs);
      let report: CaseReport;
      if (reply.kind === 'report') report = reply.report;
      else {
        report = {
          seed,
          outcome: 'rejected',
          problems: 0,
          failures: [{ kind: reply.why, message: reply.message }],
          ruleFiles: [],
          alertmanagerFile: undefined,
          outputBytes: 0,
          ms: o.timeoutMs,
        };
        await worker.terminate();
        worker = await startWorker(heapMb);
      }
      reports.push(report);
      o.onReport?.(report);
    }
  } finally {
    await worker.terminate();
  }
  return reports;
}
