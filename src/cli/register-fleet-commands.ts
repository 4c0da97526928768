/**
 * The flags of the commands that run traffic: `sim` (a simulated vLLM fleet), `gateway` (the
 * metering proxy) and `demo` (both, with traffic, an incident and the web UI).
 */
import { type Command, Option } from 'commander';
import type { CommandContext } from './command-context.ts';
import type { DemoFlags } from './commands/demo.ts';
import type { GatewayFlags } from './commands/gateway.ts';
import type { SimFlags } from './commands/sim.ts';
import * as flag from './flag-parsers.ts';
import { errorRates, upstream } from './flag-parsers-compound.ts';
import { specPath } from './spec-path.ts';

/** Adds `sim` and `gateway` to the program. */
export function registerFleetCommands(cli: Command, ctx: CommandContext): void {
  const { o, setCode, untilSignal } = ctx;
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
}

/** Adds `demo` (alias `start`) to the program; last, as the help lists it last. */
export function registerDemoCommand(cli: Command, ctx: CommandContext): void {
  const { o, setCode, untilSignal } = ctx;
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
}
