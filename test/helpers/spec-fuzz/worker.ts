/**
 * The fuzz worker thread: builds each case from its seed and checks it
 * (check-case.ts), recording anything the code under test prints. The
 * runner (runner.ts) terminates it when a case does not finish in time.
 */
import { parentPort } from 'node:worker_threads';
import { fuzzCase } from './cases.ts';
import { type CaseReport, checkCase, looksLikeStackTrace } from './check-case.ts';

export interface CaseRequest {
  seed: number;
  outDir: string;
}

const port = parentPort;
if (!port) throw new Error('spec-fuzz/worker.ts runs as a worker thread (runner.ts starts it)');

let printed: string[] = [];
const record = (chunk: unknown): boolean => {
  printed.push(String(chunk));
  return true;
};
// Library code must print nothing: only src/cli touches the console.
process.stdout.write = record as typeof process.stdout.write;
process.stderr.write = record as typeof process.stderr.write;
for (const m of ['log', 'error', 'warn', 'info', 'debug', 'trace'] as const)
  console[m] = (...args: unknown[]) => void record(args.map(String).join(' '));

port.on('message', (req: CaseRequest) => {
  printed = [];
  const report: CaseReport = checkCase(fuzzCase(req.seed), req.outDir);
  const text = printed.join('');
  if (text !== '')
    report.failures.push({
      kind: looksLikeStackTrace(text) ? 'stack-trace' : 'printed',
      message: `printed: ${text.slice(0, 200)}`,
    });
  port.postMessage(report);
});
port.postMessage('ready');
