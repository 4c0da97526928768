/**
 * `vllm-slo demo` (also `start`, the README's `npm start`): a simulated
 * fleet behind a gateway per environment, daily-shaped traffic, a scripted
 * incident, 30 days of backfilled history, the alert loop and the web UI,
 * in one process until Ctrl-C. The running is the server's (startDemoServe);
 * here are the lines it prints and the exit codes.
 */
import { type RunningDemoServe, ServeError, startDemoServe } from '../../server/index.ts';
import { formatProblem, readSpec } from '../../spec/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../io.ts';
import { portHint, printServing } from './serving-banner.ts';

export interface DemoFlags {
  spec?: string;
  host: string;
  port: number;
  db?: string;
  backfillDays: number;
  incidentAfter: number;
  seed: number;
}

/** Exit 0 after a clean stop, 2 on a bad spec, 1 when something cannot start. */
export async function demoCommand(
  o: Output,
  f: DemoFlags & { spec: string },
  until: () => Promise<void>,
): Promise<number> {
  const r = await readSpec(f.spec);
  if (!r.ok) {
    for (const p of r.problems) o.err(formatProblem(p));
    return EXIT.usage;
  }
  let running: RunningDemoServe;
  try {
    running = await startDemoServe({
      spec: r.spec,
      ...(f.db === undefined ? {} : { db: f.db }),
      host: f.host,
      port: f.port,
      backfillDays: f.backfillDays,
      incidentAfterMs: f.incidentAfter * 1000,
      seed: f.seed,
      onNote: (line) => o.out(line),
      onLine: (line) => o.err(line),
    });
  } catch (err) {
    if (!(err instanceof ServeError)) throw err;
    o.err(err.code === 'start' ? `vllm-slo demo: ${err.message}${portHint(err.cause)}` : err.message);
    return EXIT.failed;
  }
  for (const e of running.environments)
    o.out(`${e.name}: gateway ${e.gateway.url} -> ${e.pods.length} simulated pod(s)`);
  o.out(
    `incident scripted ${f.incidentAfter} s from now (a staging error burst, a production latency spike)`,
  );
  printServing(o, running.monitor, { db: running.db });
  await until();
  o.out('stopping...');
  try {
    await running.stop();
  } catch (err) {
    o.err(`vllm-slo demo: ${(err as Error).message}`);
    return EXIT.failed;
  }
  o.out('stopped');
  return EXIT.ok;
}
