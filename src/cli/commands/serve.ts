/**
 * `vllm-slo serve`: the embedded store, collectors scraping the pods of the
 * environments whose source is vllm and the gateways named by flag (the
 * others), the alert loop and the web UI, until Ctrl-C. With `--source
 * prometheus` the UI reads a Prometheus running the generated rules instead:
 * no store, no collector, no alert loop (Prometheus evaluates the rules).
 * The running is the server's (startEmbeddedServe, startPrometheusServe);
 * here are the flags, the banner and the exit codes.
 */
import { readTokenFile, SecretFileError, splitUrlCredentials } from '../../net/index.ts';
import {
  type RunningServe,
  type ScrapePlan,
  ServeError,
  scrapePlan,
  startEmbeddedServe,
  startPrometheusServe,
} from '../../server/index.ts';
import { formatProblem, readSpec } from '../../spec/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../io.ts';
import { portHint, printServing } from './serving-banner.ts';
import { withSource } from './with-source.ts';

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

/** --token-file's token, or the exit code and the message on stderr when it cannot be used. */
async function token(o: Output, f: ServeFlags): Promise<{ token: string | undefined } | number> {
  try {
    return { token: await readTokenFile(f.tokenFile, f.host) };
  } catch (err) {
    if (!(err instanceof SecretFileError)) throw err;
    o.err(err.message);
    return EXIT.usage;
  }
}

/** Prints the banner, waits for Ctrl-C and stops; exit 1 when serve cannot start. */
async function run(
  o: Output,
  start: () => Promise<RunningServe>,
  about: { db: string; scraping?: number },
  until: () => Promise<void>,
): Promise<number> {
  let running: RunningServe;
  try {
    running = await start();
  } catch (err) {
    if (!(err instanceof ServeError)) throw err;
    o.err(
      err.code === 'start'
        ? `vllm-slo serve: cannot start: ${err.message}${portHint(err.cause)}`
        : err.message,
    );
    return EXIT.failed;
  }
  printServing(o, running.monitor, about);
  await until();
  o.out('stopping...');
  try {
    await running.stop();
  } catch (err) {
    // Every part was asked to stop (stopAll); say which failed rather than crash on the way out.
    o.err(`vllm-slo serve: stopping: ${(err as Error).message}`);
    return EXIT.failed;
  }
  o.out('stopped');
  return EXIT.ok;
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
  const t = await token(o, f);
  if (typeof t === 'number') return t;
  return withSource(o, 'serve', f, (spec, source) =>
    run(
      o,
      () =>
        startPrometheusServe({
          spec,
          source,
          host: f.host,
          port: f.port,
          ...(t.token ? { token: t.token } : {}),
          onLine: (line) => o.err(line),
        }),
      // The URL without user:password: the banner ends up in logs.
      { db: `none (Prometheus at ${splitUrlCredentials(f.prometheus ?? '').base})` },
      until,
    ),
  );
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
  for (const n of plan.notes) o.out(`note: ${n}`);
  const t = await token(o, f);
  if (typeof t === 'number') return t;
  const spec = r.spec;
  return run(
    o,
    () =>
      startEmbeddedServe({
        spec,
        targets: plan.targets,
        db: f.db,
        host: f.host,
        port: f.port,
        ...(t.token ? { token: t.token } : {}),
        ...(f.alertmanager ? { alertmanagerUrl: f.alertmanager } : {}),
        ...(f.webhook ? { webhookUrl: f.webhook } : {}),
        scrapeIntervalMs: f.scrapeInterval * 1000,
        ...(f.sampleLimit === undefined ? {} : { sampleLimit: f.sampleLimit }),
        evaluationIntervalMs: f.evaluationInterval * 1000,
        onLine: (line) => o.err(line),
      }),
    { db: f.db, scraping: plan.targets.length },
    until,
  );
}
