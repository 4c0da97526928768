/**
 * What `vllm-slo demo` (`npm start`) runs until it is stopped: a store (a
 * fresh one in a temporary directory unless one is named), the demo's fleet,
 * traffic, incident and backfill on it (src/demo), and the monitor over it.
 * Lines go to callbacks: only the CLI writes to the console.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodInfo } from '../api/index.ts';
import { type DemoEnvironment, startDemo } from '../demo/index.ts';
import { EmbeddedSource } from '../sources/index.ts';
import { type SloSpec, specThresholds } from '../spec/index.ts';
import type { SloStore } from '../store/index.ts';
import { buildUiAssets } from '../ui/index.ts';
import { podInfos } from './live-state.ts';
import { startMonitor } from './monitor.ts';
import { openServeStore, type RunningServe, ServeError, stopAll } from './serve.ts';

export interface DemoServeOptions {
  spec: SloSpec;
  /** The store's file; unset: a fresh one in a temporary directory, removed on stop. */
  db?: string;
  host: string;
  port: number;
  /** Days of history to write first; none when the named store already holds data. */
  backfillDays: number;
  incidentAfterMs: number;
  seed: number;
  /** Lines for the user as the demo starts and runs: the backfill, the incident's steps (stdout in the CLI). */
  onNote: (line: string) => void;
  /** One line per store failure, failed evaluation or request (stderr in the CLI). */
  onLine: (line: string) => void;
}

/** A running demo: its store file and environments (for the banner) besides the monitor. */
export interface RunningDemoServe extends RunningServe {
  db: string;
  environments: DemoEnvironment[];
}

/** The demo's pods with their health, for the UI's pod table. */
function demoPods(spec: SloSpec, environments: DemoEnvironment[], source: EmbeddedSource) {
  return async (): Promise<PodInfo[]> =>
    (
      await Promise.all(
        spec.environments.flatMap((env) =>
          environments
            .filter((e) => e.name === env.name)
            .map((e) => podInfos(env, e.gateway.pool.pods(), source, Date.now(), e.gateway.pool.panicking)),
        ),
      )
    ).flat();
}

/**
 * Starts the demo and the monitor over its store.
 * @throws ServeError `store` when the store cannot be opened, `start` when
 *   the demo or the UI cannot start (then nothing is left running and the
 *   temporary store is removed).
 */
export async function startDemoServe(o: DemoServeOptions): Promise<RunningDemoServe> {
  // A fresh store per run unless one is named: the backfill writes a new history each time.
  const tempDir = o.db === undefined ? mkdtempSync(join(tmpdir(), 'vllm-slo-demo-')) : undefined;
  const db = o.db ?? join(tempDir as string, 'demo.db');
  const removeTemp = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  let store: SloStore;
  try {
    // Live requests are counted exactly at the spec's thresholds, as startDemo's backfill counts its history.
    store = await openServeStore(db, specThresholds(o.spec), o.onLine);
  } catch (err) {
    removeTemp();
    throw err;
  }
  const closeStore = () => {
    store.close();
    removeTemp();
  };
  let stopDemo = async () => {};
  try {
    // A named store that already holds data keeps its history: a second backfill would double it.
    const backfillDays = store.environments().length > 0 ? 0 : o.backfillDays;
    if (backfillDays < o.backfillDays) o.onNote(`${db} already holds data: no backfill`);
    if (backfillDays > 0) o.onNote(`writing ${backfillDays} days of history...`);
    const demo = await startDemo({
      spec: o.spec,
      store,
      seed: o.seed,
      backfillDays,
      incidentAfterMs: o.incidentAfterMs,
      onIncident: (e) => o.onNote(`incident: ${e.description}`),
    });
    stopDemo = () => demo.stop();
    const source = new EmbeddedSource(store);
    const monitor = await startMonitor({
      spec: o.spec,
      source,
      host: o.host,
      port: o.port,
      // The demo's incident should show within a minute of happening.
      evaluationIntervalMs: 15_000,
      refreshSeconds: 10,
      assets: buildUiAssets,
      pods: demoPods(o.spec, demo.environments, source),
      onError: (what, err) => o.onLine(`${what}: ${(err as Error).message}`),
    });
    const stop = () => stopAll([() => monitor.stop(), () => demo.stop(), closeStore]);
    return { db, environments: demo.environments, monitor, stop };
  } catch (err) {
    // The start failure is the one to report (as serve's); a failure to close behind it is logged.
    await stopAll([stopDemo, closeStore]).catch((closing: unknown) =>
      o.onLine(`closing after a failed start: ${(closing as Error).message}`),
    );
    throw new ServeError('start', `${o.host}:${o.port}`, 'a demo that starts', (err as Error).message, {
      cause: err,
    });
  }
}
