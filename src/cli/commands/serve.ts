/**
 * `vllm-slo serve`: the embedded store, collectors scraping the pods of the
 * environments whose source is vllm and the gateways named by flag (the
 * others), the alert loop and the web UI, until Ctrl-C. With `--source
 * prometheus` the UI reads a Prometheus running the generated rules instead:
 * no store, no collector, no alert loop (Prometheus evaluates the rules).
 */
import { dirname } from 'node:path';
import { Collector, type ScrapeReport, scrapeLogLines } from '../../collect/index.ts';
import { scrapedPods, sourcePods, startMonitor } from '../../server/index.ts';
import { EmbeddedSource } from '../../sources/index.ts';
import { formatProblem, readSpec, specThresholds } from '../../spec/index.ts';
import { SloStore, StoreError } from '../../store/index.ts';
import { buildUiAssets } from '../../ui/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../io.ts';
import { MakeDirError, makeDirs } from '../make-dirs.ts';
import { withSource } from './open-source.ts';
import { type ScrapePlan, scrapePlan } from './serve-targets.ts';
import { portHint, printServing } from './serving-banner.ts';
import { readTokenFile } from './token-file.ts';

export interface ServeFlags {
  spec: string;
  source: 'embedded' | 'prometheus';
  prometheus?: string;
  bearerTokenFile?: string;
  basicAuthFile?: string;
  db: string;
  host: string;
  port: number;
  tokenFile?: string;
  alertmanager?: string;
  webhook?: string;
  /** ENV=URL of a gateway's /metrics (repeatable). */
  scrapeGateway: string[];
  scrapeInterval: number;
  /** Samples per scrape past which a scrape fails whole (Prometheus's sample_limit). */
  sampleLimit?: number;
  evaluationInterval: number;
}

/**
 * `serve --source prometheus`: the UI over a Prometheus-compatible server;
 * exit 2 when it cannot be reached or refuses the credentials at start.
 */
async function servePrometheus(o: Output, f: ServeFlags, until: () => Promise<void>): Promise<number> {
  const embeddedOnly = [
    ['--scrape-gateway', f.scrapeGateway.length > 0],
    ['--alertmanager', f.alertmanager !== undefined],
    ['--webhook', f.webhook !== undefined],
  ].find(([, given]) => given);
  if (embeddedOnly) {
    o.err(
      `vllm-slo serve: ${embeddedOnly[0]} applies to --source embedded only (with Prometheus, its scrape config and rules do this)`,
    );
    return EXIT.usage;
  }
  const tokenFile = await readTokenFile(f.tokenFile, f.host);
  if (!tokenFile.ok) {
    o.err(tokenFile.message);
    return tokenFile.exit;
  }
  const token = tokenFile.token;
  return withSource(o, 'serve', f, async (spec, source) => {
    // Fails (exit 2) now rather than on the first page load when Prometheus is unreachable.
    const first = spec.environments[0];
    if (first) await source.podHealth(first, Date.now());
    let monitor: Awaited<ReturnType<typeof startMonitor>>;
    try {
      monitor = await startMonitor({
        spec,
        source,
        host: f.host,
        port: f.port,
        ...(token ? { token } : {}),
        assets: buildUiAssets,
        pods: () => sourcePods(spec, source, Date.now()),
        onError: (what, err) => o.err(`${what}: ${(err as Error).message}`),
      });
    } catch (err) {
      o.err(`vllm-slo serve: cannot start: ${(err as Error).message}${portHint(err)}`);
      return EXIT.failed;
    }
    printServing(o, monitor, { db: `none (Prometheus at ${f.prometheus ?? ''})` });
    await until();
    o.out('stopping...');
    await monitor.stop();
    o.out('stopped');
    return EXIT.ok;
  });
}

/** Exit 0 after a clean stop; 2 on a bad spec, bad flags or an unreachable Prometheus; 1 on a store or start failure. */
export async function serveCommand(o: Output, f: ServeFlags, until: () => Promise<void>): Promise<number> {
  if (f.source === 'prometheus') return servePrometheus(o, f, until);
  const r = await readSpec(f.spec);
  if (!r.ok) {
    for (const p of r.problems) o.err(formatProblem(p));
    return EXIT.usage;
  }
  let plan: ScrapePlan;
  try {
    plan = scrapePlan(r.spec, f.scrapeGateway);
  } catch (err) {
    // A ScrapeTargetError (a bad or double-counting --scrape-gateway) or the spec's pods unusable as upstreams.
    o.err(`vllm-slo serve: ${(err as Error).message}`);
    return EXIT.usage;
  }
  const collectorTargets = plan.targets;
  for (const n of plan.notes) o.out(`note: ${n}`);
  const tokenFile = await readTokenFile(f.tokenFile, f.host);
  if (!tokenFile.ok) {
    o.err(tokenFile.message);
    return tokenFile.exit;
  }
  const token = tokenFile.token;
  // Bad events of latency and TTFT SLOs are counted exactly at the spec's thresholds, as Prometheus does.
  const thresholds = specThresholds(r.spec);
  let store: SloStore;
  try {
    if (f.db !== ':memory:') await makeDirs(dirname(f.db));
    store = SloStore.open(f.db, { thresholds, onError: (err) => o.err(`store: ${(err as Error).message}`) });
  } catch (err) {
    o.err(
      err instanceof StoreError || err instanceof MakeDirError
        ? err.message
        : `${f.db}: ${(err as Error).message}`,
    );
    return EXIT.failed;
  }
  const reports = new Map<string, ScrapeReport>();
  const collector = new Collector({
    targets: collectorTargets,
    sink: store,
    thresholds,
    intervalMs: f.scrapeInterval * 1000,
    ...(f.sampleLimit === undefined ? {} : { sampleLimit: f.sampleLimit }),
    onReport: (rs) => {
      for (const x of rs) {
        reports.set(x.url, x);
        // A target going down or up, rejected values: one structured line each, never one per failure.
        for (const line of scrapeLogLines(x)) o.err(line);
      }
    },
  });
  collector.start();
  try {
    const source = new EmbeddedSource(store);
    const monitor = await startMonitor({
      spec: r.spec,
      source,
      host: f.host,
      port: f.port,
      ...(token ? { token } : {}),
      ...(f.alertmanager ? { alertmanagerUrl: f.alertmanager } : {}),
      ...(f.webhook ? { webhookUrl: f.webhook } : {}),
      evaluationIntervalMs: f.evaluationInterval * 1000,
      assets: buildUiAssets,
      pods: () => scrapedPods(r.spec, reports.values(), source, Date.now()),
      onError: (what, err) => o.err(`${what}: ${(err as Error).message}`),
    });
    printServing(o, monitor, { db: f.db, scraping: collectorTargets.length });
    await until();
    o.out('stopping...');
    await monitor.stop();
  } catch (err) {
    o.err(`vllm-slo serve: cannot start: ${(err as Error).message}${portHint(err)}`);
    return EXIT.failed;
  } finally {
    await collector.stop();
    store.close();
  }
  o.out('stopped');
  return EXIT.ok;
}
