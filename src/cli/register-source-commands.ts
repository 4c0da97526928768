/**
 * The flags of the commands that read the numbers from a source (the embedded store or a
 * Prometheus): `status`, `alerts` and `serve` (the web UI and JSON API).
 */
import { type Command, Option } from 'commander';
import type { CommandContext } from './command-context.ts';
import type { AlertsFlags } from './commands/alerts.ts';
import type { ServeFlags } from './commands/serve.ts';
import type { StatusFlags } from './commands/status.ts';
import * as flag from './flag-parsers.ts';
import { environmentUrl } from './flag-parsers-compound.ts';
import { specPath } from './spec-path.ts';

/**
 * The options every command reading a source takes, written once so that none
 * lacks one (alerts had no Prometheus credentials): the source, Prometheus's
 * URL and credentials, and the embedded store.
 */
function sourceOptions(cmd: Command, sourceHelp: string): Command {
  return cmd
    .addOption(
      new Option('--source <source>', sourceHelp).choices(['embedded', 'prometheus']).default('embedded'),
    )
    .option('--prometheus <url>', 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL', flag.httpUrl)
    .option('--bearer-token-file <file>', 'bearer token for Prometheus, read from a file', flag.readableFile)
    .option('--basic-auth-file <file>', 'user:password for Prometheus, read from a file', flag.readableFile)
    .option('--db <file>', 'embedded store', flag.storePath, '.vllm-slo/slo.db');
}

/** Adds `status`, `alerts` and `serve` to the program. */
export function registerSourceCommands(cli: Command, ctx: CommandContext): void {
  const { o, setCode, untilSignal } = ctx;
  sourceOptions(cli.command('status'), 'where the numbers come from')
    .description('SLIs, error budgets and burn rates of every objective; exit 1 when any is breached')
    .option('--spec <file>', 'SLO spec (default ./slo.yaml, else the built-in default)', flag.nonEmpty)
    .option('--env <name>', 'only this environment', flag.dnsLabel)
    .option('--json', 'the status document as JSON', false)
    .action(async (flags: StatusFlags) => {
      const { statusCommand } = await import('./commands/status.ts');
      setCode(await statusCommand(o, flags));
    });

  sourceOptions(cli.command('alerts'), 'where the numbers come from')
    .description('alert conditions holding now, as the generated rules see them; exit 1 when any holds')
    .argument('[file]', 'SLO spec (default ./slo.yaml, else the built-in default)', flag.nonEmpty)
    .option('--env <name>', 'only this environment', flag.dnsLabel)
    .option('--json', 'the conditions and the alerts not evaluated, as JSON', false)
    .action(async (file: string | undefined, flags: Omit<AlertsFlags, 'spec'>) => {
      const { alertsCommand } = await import('./commands/alerts.ts');
      setCode(await alertsCommand(o, { ...flags, ...(file ? { spec: file } : {}) }));
    });

  sourceOptions(
    cli.command('serve'),
    'where the numbers come from (prometheus: no store, collector or alert loop)',
  )
    .description(
      'web UI and JSON API over the embedded store (collectors, alert evaluation) or a Prometheus (--source prometheus)',
    )
    .option('--spec <file>', 'SLO spec (default ./slo.yaml, else the built-in default)', flag.nonEmpty)
    .option(
      '--host <host>',
      'address to bind (anything but loopback requires a token)',
      flag.host,
      '127.0.0.1',
    )
    .option('--port <port>', 'port (0: a free port)', flag.port, 8080)
    .option(
      '--token-file <file>',
      'access token, read from a file (generated when exposed without one)',
      flag.readableFile,
    )
    .option('--alertmanager <url>', 'send alerts to this Alertmanager (its v2 API)', flag.httpUrl)
    .option('--webhook <url>', 'send alerts to this webhook as JSON', flag.httpUrl)
    .option(
      '--scrape-gateway <env=url>',
      "a gateway's /metrics to collect, for an environment with source: gateway (repeatable)",
      flag.repeatable(environmentUrl),
      [],
    )
    .option('--scrape-interval <seconds>', 'between scrapes (at least 1s)', flag.seconds(1000), 15)
    .option(
      '--sample-limit <n>',
      'samples per scrape past which it fails whole (default 50000; 0: no limit)',
      flag.count(0),
    )
    .option(
      '--evaluation-interval <seconds>',
      'between alert evaluations (at least 1s)',
      flag.seconds(1000),
      30,
    )
    .action(async (flags: Omit<ServeFlags, 'spec'> & { spec?: string }) => {
      const { serveCommand } = await import('./commands/serve.ts');
      setCode(await serveCommand(o, { ...flags, spec: specPath(flags.spec) }, untilSignal()));
    });
}
