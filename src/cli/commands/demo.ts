/**
 * `vllm-slo demo` (also `start`, the README's `npm start`): a simulated
 * fleet behind a gateway per environment, daily-shaped traffic, a scripted
 * incident, 30 days of backfilled history, the alert loop and the web UI,
 * in one process until Ctrl-C.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodInfo } from '../../api/index.ts';
import { startDemo } from '../../demo/index.ts';
import { podInfos, startMonitor } from '../../server/index.ts';
import { EmbeddedSource } from '../../sources/index.ts';
import { formatProblem, readSpec, specThresholds } from '../../spec/index.ts';
import { SloStore, StoreError } from '../../store/index.ts';
import { buildUiAssets } from '../../ui/index.ts';
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
  // A fresh store per run unless one is named: the backfill writes a new history each time.
  const tempDir = f.db === undefined ? mkdtempSync(join(tmpdir(), 'vllm-slo-demo-')) : undefined;
  const db = f.db ?? join(tempDir as string, 'demo.db');
  let store: SloStore;
  try {
    store = SloStore.open(db, {
      // Live requests are counted exactly at the spec's thresholds, as startDemo's backfill counts its history.
      thresholds: specThresholds(r.spec),
      onError: (err) => o.err(`store: ${(err as Error).message}`),
    });
  } catch (err) {
    o.err(err instanceof StoreError ? err.message : `${db}: ${(err as Error).message}`);
    return EXIT.failed;
  }
  try {
    // A named store that already holds data keeps its history: a second backfill would double it.
    const backfillDays = store.environments().length > 0 ? 0 : f.backfillDays;
    if (backfillDays < f.backfillDays) o.out(`${db} already holds data: no backfill`);
    if (backfillDays > 0) o.out(`writing ${backfillDays} days of history...`);
    const demo = await startDemo({
      spec: r.spec,
      store,
      seed: f.seed,
      backfillDays,
      incidentAfterMs: f.incidentAfter * 1000,
      onIncident: (e) => o.out(`incident: ${e.description}`),
    });
    try {
      const source = new EmbeddedSource(store);
      const pods = async (): Promise<PodInfo[]> =>
        (
          await Promise.all(
            r.spec.environments.flatMap((env) =>
              demo.environments
                .filter((e) => e.name === env.name)
                .map((e) =>
                  podInfos(env, e.gateway.pool.pods(), source, Date.now(), e.gateway.pool.panicking),
                ),
            ),
          )
        ).flat();
      const monitor = await startMonitor({
        spec: r.spec,
        source,
        host: f.host,
        port: f.port,
        // The demo's incident should show within a minute of happening.
        evaluationIntervalMs: 15_000,
        refreshSeconds: 10,
        assets: buildUiAssets,
        pods,
        onError: (what, err) => o.err(`${what}: ${(err as Error).message}`),
      });
      for (const e of demo.environments)
        o.out(`${e.name}: gateway ${e.gateway.url} -> ${e.pods.length} simulated pod(s)`);
      o.out(
        `incident scripted ${f.incidentAfter} s from now (a staging error burst, a production latency spike)`,
      );
      printServing(o, monitor, { db });
      await until();
      o.out('stopping...');
      await monitor.stop();
    } finally {
      await demo.stop();
    }
  } catch (err) {
    o.err(`vllm-slo demo: ${(err as Error).message}${portHint(err)}`);
    return EXIT.failed;
  } finally {
    store.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
  o.out('stopped');
  return EXIT.ok;
}
