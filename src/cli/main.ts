/**
 * The `vllm-slo` command: parses flags, calls the capabilities, renders output and returns the exit
 * code (exit-codes.ts). Commands load when they run: a bad flag or --help skips the store and the UI.
 */
import { Command, CommanderError, Option } from 'commander';
import type { OutputFormat } from '../bundle/index.ts';
import { hideUrlCredentials } from '../net/index.ts';
import type { AlertsFlags } from './commands/alerts.ts';
import type { DemoFlags } from './commands/demo.ts';
import type { GatewayFlags } from './commands/gateway.ts';
import type { ServeFlags } from './commands/serve.ts';
import type { SimFlags } from './commands/sim.ts';
import type { StatusFlags } from './commands/status.ts';
import { EXIT } from './exit-codes.ts';
import * as flag from './flag-parsers.ts';
import { environmentUrl, errorRates, upstream } from './flag-parsers-compound.ts';
import { addHelpTexts } from './help-text.ts';
import { consoleOutput, type Output } from './io.ts';
import { DEFAULT_SPEC_FILE, specPath } from './spec-path.ts';

/**
 * Resolves on Ctrl-C or SIGTERM: long-running commands stop cleanly. The handlers go on when the
 * command starts, not when it starts waiting, so a Ctrl-C during start-up (the demo's backfill)
 * still ends in a clean stop instead of killing the process with its temporary store left behind.
 */
function untilSignal(): () => Promise<void> {
  const signalled = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return () => signalled;
}

function program(o: Output, setCode: (code: number) => void): Command {
  const cli = new Command('vllm-slo')
    .description('SLO tracking and performance monitoring for vLLM deployments')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => o.out(s.trimEnd()),
      writeErr: (s) => o.err(hideUrlCredentials(s.trimEnd())),
    })
    .showHelpAfterError('(run vllm-slo --help for usage)');

  cli
    .command('init')
    .description("write the default SLO spec (the guide's three environments)")
    .argument('[file]', 'where to write it', flag.nonEmpty, DEFAULT_SPEC_FILE)
    .option('-f, --force', 'overwrite an existing file', false)
    .action(async (file: string, opts: { force: boolean }) => {
      const { initCommand } = await import('./commands/spec-commands.ts');
      setCode(await initCommand(o, file, opts.force));
    });

  cli
    .command('validate')
    .description('check a spec and print every problem with file:line:col')
    .argument('[file]', 'the spec', flag.nonEmpty, DEFAULT_SPEC_FILE)
    .action(async (file: string) => {
      const { validateCommand } = await import('./commands/spec-commands.ts');
      setCode(await validateCommand(o, file));
    });

  cli
    .command('generate')
    .description('write Prometheus rules, Alertmanager routing and Grafana dashboards')
    .argument('[file]', 'the spec (default ./slo.yaml, else the built-in default)', flag.nonEmpty)
    .requiredOption('-o, --out <dir>', 'output directory', flag.nonEmpty)
    .addOption(
      new Option('--format <format>', 'plain files or Kubernetes objects')
        .choices(['files', 'kubernetes'] satisfies OutputFormat[])
        .default('files'),
    )
    .option(
      '--namespace <name>',
      'namespace of the Kubernetes objects (RFC 1123 name)',
      flag.dnsLabel,
      'monitoring',
    )
    .action(
      async (file: string | undefined, opts: { out: string; format: OutputFormat; namespace: string }) => {
        const { generateCommand } = await import('./commands/generate.ts');
        const { out: outDir, format, namespace } = opts;
        setCode(await generateCommand(o, { file, outDir, format, namespace }));
      },
    );

  cli
    .command('sim')
    .description('run a simulated vLLM fleet: OpenAI API, vLLM /metrics, continuous batching, faults')
    .option('--pods <n>', 'pods, on consecutive ports', flag.count(1), 1)
    .option('--environment <name>', 'environment (in pod names)', flag.dnsLabel, 'production')
    .addOption(
      new Option('--profile <name>', 'model profile').choices(['7b', '13b', '70b', 'bench']).default('7b'),
    )
    .option('--port <port>', 'first pod port (0: free ports)', flag.port, 8000)
    .option('--host <host>', 'address to bind', flag.host, '127.0.0.1')
    .option('--model <id>', 'served model name (default: the profile model)', flag.nonEmpty)
    .option('--time-scale <n>', 'run the clock n times faster', flag.positiveNumber, 1)
    .option('--seed <n>', 'random seed (runs repeat exactly)', flag.count(0), 1)
    .option('--max-num-seqs <n>', "override the profile's batch size", flag.count(1))
    .option('--errors <list>', 'error rates by status, e.g. 500=0.01,503=0.002', errorRates)
    .option('--latency-multiplier <x>', 'multiply every step time', flag.positiveNumber)
    .option('--slow-start <seconds>', 'unhealthy (503) for this long after start', flag.seconds(0))
    .option('--stream-cut-rate <p>', 'share of streams cut mid-way', flag.probability)
    .option(
      '--stream-error-rate <p>',
      "share of streams ending in vLLM's in-stream error event (a 500 when not streamed)",
      flag.probability,
    )
    .option('--hang-rate <p>', 'share of requests never answered', flag.probability)
    .option('--faults-file <file>', 'scripted fault schedule (YAML)', flag.readableFile)
    .action(async (flags: SimFlags) => {
      const { simCommand } = await import('./commands/sim.ts');
      setCode(await simCommand(o, flags, untilSignal()));
    });

  cli
    .command('gateway')
    .description('run the metering gateway (OpenAI-compatible reverse proxy exporting the SLI metrics)')
    .option('--environment <name>', 'environment of the pods', flag.dnsLabel, 'production')
    .option(
      '--upstream <url>',
      "a pod, as URL or NAME=URL (repeatable; default: the spec's pods)",
      flag.repeatable(upstream),
      [],
    )
    .option('--spec <file>', 'SLO spec: thresholds for the histogram buckets, models and pods', flag.nonEmpty)
    .option('--host <host>', 'address to bind', flag.host, '127.0.0.1')
    .option('--port <port>', 'port (0: a free port)', flag.port, 9000)
    .option('--connect-timeout <duration>', 'connecting to a pod (default 5s, as Envoy)', flag.duration)
    .option(
      '--response-timeout <duration>',
      "request sent to the pod's response headers (default 60s, as nginx)",
      flag.duration,
    )
    .option(
      '--idle-timeout <duration>',
      'between two chunks of a response (default 60s, as nginx)',
      flag.duration,
    )
    .option('--total-timeout <duration>', 'whole request, streams included (default: none)', flag.duration)
    .option('--api-key-file <file>', 'require clients to send this key as a bearer token', flag.readableFile)
    .option(
      '--trusted-proxies <list>',
      'keep X-Forwarded-For from these proxies: a hop count or addresses/CIDRs (default: none, it is replaced)',
      '',
    )
    .option('--probe-interval <seconds>', 'health probe interval (at least 1s)', flag.seconds(1000), 5)
    .option(
      '--outlier-consecutive-5xx <n>',
      'server failures in a row that eject a pod (0: off)',
      flag.count(0),
      5,
    )
    .addOption(
      new Option('--outlier-base-ejection <duration>', 'first ejection time; the n-th lasts n times as long')
        .argParser(flag.duration)
        .default(30_000, '30s'),
    )
    .addOption(
      new Option('--outlier-max-ejection <duration>', 'longest ejection')
        .argParser(flag.duration)
        .default(300_000, '5m'),
    )
    .option(
      '--outlier-max-ejection-percent <n>',
      'most pods ejected at once, in % (at least one)',
      flag.percent,
      10,
    )
    .option(
      '--panic-threshold <percent>',
      'route to every pod when fewer are in rotation (0: when none is)',
      flag.percent,
      0,
    )
    .action(async (flags: GatewayFlags) => {
      const { gatewayCommand } = await import('./commands/gateway.ts');
      setCode(await gatewayCommand(o, flags, untilSignal()));
    });

  cli
    .command('status')
    .description('SLIs, error budgets and burn rates of every objective; exit 1 when any is breached')
    .option('--spec <file>', 'SLO spec (default ./slo.yaml, else the built-in default)', flag.nonEmpty)
    .addOption(
      new Option('--source <source>', 'where the numbers come from')
        .choices(['embedded', 'prometheus'])
        .default('embedded'),
    )
    .option('--prometheus <url>', 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL', flag.httpUrl)
    .option('--bearer-token-file <file>', 'bearer token for Prometheus, read from a file', flag.readableFile)
    .option('--basic-auth-file <file>', 'user:password for Prometheus, read from a file', flag.readableFile)
    .option('--db <file>', 'embedded store', flag.storePath, '.vllm-slo/slo.db')
    .option('--env <name>', 'only this environment', flag.dnsLabel)
    .option('--json', 'the status document as JSON', false)
    .action(async (flags: StatusFlags) => {
      const { statusCommand } = await import('./commands/status.ts');
      setCode(await statusCommand(o, flags));
    });

  cli
    .command('alerts')
    .description('alert conditions holding now, as the generated rules see them; exit 1 when any holds')
    .argument('[file]', 'SLO spec (default ./slo.yaml, else the built-in default)', flag.nonEmpty)
    .addOption(
      new Option('--source <source>', 'where the numbers come from')
        .choices(['embedded', 'prometheus'])
        .default('embedded'),
    )
    .option('--prometheus <url>', 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL', flag.httpUrl)
    .option('--db <file>', 'embedded store', flag.storePath, '.vllm-slo/slo.db')
    .option('--env <name>', 'only this environment', flag.dnsLabel)
    .option('--json', 'the conditions and the alerts not evaluated, as JSON', false)
    .action(async (file: string | undefined, flags: Omit<AlertsFlags, 'spec'>) => {
      const { alertsCommand } = await import('./commands/alerts.ts');
      setCode(await alertsCommand(o, { ...flags, ...(file ? { spec: file } : {}) }));
    });

  cli
    .command('serve')
    .description(
      'web UI and JSON API over the embedded store (collectors, alert evaluation) or a Prometheus (--source prometheus)',
    )
    .option('--spec <file>', 'SLO spec (default ./slo.yaml, else the built-in default)', flag.nonEmpty)
    .addOption(
      new Option(
        '--source <source>',
        'where the numbers come from (prometheus: no store, collector or alert loop)',
      )
        .choices(['embedded', 'prometheus'])
        .default('embedded'),
    )
    .option('--prometheus <url>', 'Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL', flag.httpUrl)
    .option('--bearer-token-file <file>', 'bearer token for Prometheus, read from a file', flag.readableFile)
    .option('--basic-auth-file <file>', 'user:password for Prometheus, read from a file', flag.readableFile)
    .option('--db <file>', 'embedded store', flag.storePath, '.vllm-slo/slo.db')
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

  cli
    .command('demo')
    .alias('start')
    .description('the live demo: a simulated fleet, gateways, traffic, an incident, and the web UI')
    .option('--spec <file>', 'SLO spec (default ./slo.yaml, else the built-in default)', flag.nonEmpty)
    .option(
      '--host <host>',
      'address to bind the UI (anything but loopback requires a token)',
      flag.host,
      '127.0.0.1',
    )
    .option('--port <port>', 'UI port (0: a free port)', flag.port, 8080)
    .option('--db <file>', 'embedded store (default: a fresh file in the temp directory)', flag.storePath)
    .option('--backfill-days <n>', 'days of history written at start (0: none)', flag.count(0), 30)
    .option('--incident-after <seconds>', 'when the scripted incident starts', flag.seconds(0), 180)
    .option('--seed <n>', 'random seed', flag.count(0), 1)
    .action(async (flags: DemoFlags) => {
      const { demoCommand } = await import('./commands/demo.ts');
      setCode(await demoCommand(o, { ...flags, spec: specPath(flags.spec) }, untilSignal()));
    });
  addHelpTexts(cli);
  return cli;
}

/** Runs the CLI with process.argv-style arguments and returns the exit code. */
export async function main(argv: readonly string[], o: Output = consoleOutput()): Promise<number> {
  let code: number = EXIT.ok;
  const cli = program(o, (c) => {
    code = c;
  });
  try {
    await cli.parseAsync([...argv]);
    return code;
  } catch (err) {
    // Help and version exit 0; every other commander error is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    o.err(`vllm-slo: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  }
}
