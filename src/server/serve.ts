/**
 * What `vllm-slo serve` runs until it is stopped. Embedded: the store, a
 * collector scraping the planned targets (scrape-plan.ts), the alert loop and
 * the UI. Over Prometheus: the UI alone, reading a Prometheus that runs the
 * generated rules (it scrapes and evaluates them itself). Lines to log go to
 * a callback: only the CLI writes to the console.
 */
import { dirname } from 'node:path';
import { Collector, type CollectorTarget, type ScrapeReport, scrapeLogLines } from '../collect/index.ts';
import { MakeDirError, makeDirs } from '../net/index.ts';
import { EmbeddedSource, type SloSource } from '../sources/index.ts';
import { type SloSpec, type SpecThresholds, specThresholds } from '../spec/index.ts';
import { SloStore, StoreError } from '../store/index.ts';
import { buildUiAssets } from '../ui/index.ts';
import { ServerError } from './http-server.ts';
import { scrapedPods, sourcePods } from './live-state.ts';
import { type RunningMonitor, startMonitor } from './monitor.ts';

/**
 * Serve could not start: the store cannot be opened (`store`: its directory
 * or file) or what it runs cannot start (`start`: a port in use, with the
 * server's error as `cause`). The CLI exits 1 (failed) with the message.
 */
export class ServeError extends Error {
  constructor(
    readonly code: 'store' | 'start',
    readonly value: string,
    readonly expected: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServeError';
  }
}

/** Where the UI listens and who may read it. */
interface Listen {
  spec: SloSpec;
  host: string;
  port: number;
  /** Required beyond loopback (the CLI reads it from --token-file, else the server generates one). */
  token?: string;
  /** One line per failed evaluation, send or request (stderr in the CLI). */
  onLine: (line: string) => void;
}

export interface EmbeddedServeOptions extends Listen {
  /** The collector's targets (scrapePlan). */
  targets: CollectorTarget[];
  /** The store's file, its directory created when missing; `:memory:` for none. */
  db: string;
  alertmanagerUrl?: string;
  webhookUrl?: string;
  scrapeIntervalMs: number;
  /** Samples per scrape past which a scrape fails whole (Prometheus's sample_limit). */
  sampleLimit?: number;
  evaluationIntervalMs: number;
}

/** A running serve: the monitor (for its URL and notes) and how to stop everything in order. */
export interface RunningServe {
  monitor: RunningMonitor;
  stop(): Promise<void>;
}

/** The start failure; a port in use or not ours to bind (ServerError) is the usual one, and the expectation says so only then. */
function startError(o: Pick<Listen, 'host' | 'port'>, err: unknown): ServeError {
  const port = err instanceof ServerError;
  return new ServeError(
    'start',
    `${o.host}:${o.port}`,
    port ? 'a free port' : 'a server that starts',
    (err as Error).message,
    { cause: err },
  );
}

/**
 * Opens a store for serve or the demo (creating its directory unless
 * `:memory:`) with the spec's thresholds; its write errors go to `onLine`.
 * @throws ServeError `store` naming the file and why.
 */
export async function openServeStore(
  db: string,
  thresholds: SpecThresholds,
  onLine: (line: string) => void,
): Promise<SloStore> {
  try {
    if (db !== ':memory:') await makeDirs(dirname(db));
    return SloStore.open(db, { thresholds, onError: (err) => onLine(`store: ${(err as Error).message}`) });
  } catch (err) {
    const message =
      err instanceof StoreError || err instanceof MakeDirError
        ? err.message
        : `${db}: ${(err as Error).message}`;
    throw new ServeError('store', db, 'a store file that can be created or opened', message, { cause: err });
  }
}

/**
 * Runs every step of a shutdown even when one fails, then throws the first
 * failure: a collector that fails to stop must not leave the store open.
 */
export async function stopAll(steps: ReadonlyArray<() => unknown>): Promise<void> {
  let first: unknown;
  let failed = false;
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      if (!failed) first = err;
      failed = true;
    }
  }
  if (failed) throw first;
}

/**
 * The embedded store, the collector, the alert loop and the UI.
 * @throws ServeError when the store cannot be opened or the UI cannot start
 *   (then nothing is left running).
 */
export async function startEmbeddedServe(o: EmbeddedServeOptions): Promise<RunningServe> {
  // Bad events of latency and TTFT SLOs are counted exactly at the spec's thresholds, as Prometheus does.
  const thresholds = specThresholds(o.spec);
  const store = await openServeStore(o.db, thresholds, o.onLine);
  const reports = new Map<string, ScrapeReport>();
  const collector = new Collector({
    targets: o.targets,
    sink: store,
    thresholds,
    intervalMs: o.scrapeIntervalMs,
    ...(o.sampleLimit === undefined ? {} : { sampleLimit: o.sampleLimit }),
    onReport: (rs) => {
      for (const x of rs) {
        reports.set(x.url, x);
        // A target going down or up, rejected values: one structured line each, never one per failure.
        for (const line of scrapeLogLines(x)) o.onLine(line);
      }
    },
  });
  collector.start();
  const closeAll = () => stopAll([() => collector.stop(), () => store.close()]);
  let monitor: RunningMonitor;
  try {
    const source = new EmbeddedSource(store);
    monitor = await startMonitor({
      spec: o.spec,
      source,
      host: o.host,
      port: o.port,
      ...(o.token ? { token: o.token } : {}),
      ...(o.alertmanagerUrl ? { alertmanagerUrl: o.alertmanagerUrl } : {}),
      ...(o.webhookUrl ? { webhookUrl: o.webhookUrl } : {}),
      evaluationIntervalMs: o.evaluationIntervalMs,
      assets: buildUiAssets,
      pods: () => scrapedPods(o.spec, reports.values(), source, Date.now()),
      onError: (what, err) => o.onLine(`${what}: ${(err as Error).message}`),
    });
  } catch (err) {
    // The start failure is the one to report; a failure to close behind it is logged.
    await closeAll().catch((closing: unknown) =>
      o.onLine(`closing after a failed start: ${(closing as Error).message}`),
    );
    throw startError(o, err);
  }
  return {
    monitor,
    stop: () => stopAll([() => monitor.stop(), () => collector.stop(), () => store.close()]),
  };
}

/**
 * The UI over a Prometheus-compatible source (sources' openSource). The
 * source is asked once first, so an unreachable or refusing Prometheus fails
 * now (its SourceError) rather than on the first page load.
 * @throws ServeError when the UI cannot start.
 */
export async function startPrometheusServe(o: Listen & { source: SloSource }): Promise<RunningServe> {
  const first = o.spec.environments[0];
  if (first) await o.source.podHealth(first, Date.now());
  let monitor: RunningMonitor;
  try {
    monitor = await startMonitor({
      spec: o.spec,
      source: o.source,
      host: o.host,
      port: o.port,
      ...(o.token ? { token: o.token } : {}),
      assets: buildUiAssets,
      pods: () => sourcePods(o.spec, o.source, Date.now()),
      onError: (what, err) => o.onLine(`${what}: ${(err as Error).message}`),
    });
  } catch (err) {
    throw startError(o, err);
  }
  return { monitor, stop: () => monitor.stop() };
}
