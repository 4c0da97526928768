/**
 * The text after each command's `--help`: the exit codes it can return, with
 * their meanings taken from the one table (exit-codes.ts), and examples. The
 * program's own `--help` prints the whole table.
 */
import type { Command } from 'commander';
import { EXIT, EXIT_MEANING, type ExitCode } from './exit-codes.ts';

/** The commands `main` defines; a new one without help text fails type-checking here. */
export type CommandName =
  | 'init'
  | 'validate'
  | 'generate'
  | 'sim'
  | 'gateway'
  | 'status'
  | 'alerts'
  | 'serve'
  | 'demo';

interface CommandHelp {
  /** The codes the command can return, in the table's order. */
  exits: readonly ExitCode[];
  examples: readonly string[];
}

const { ok, failed, usage, noData, warning } = EXIT;

/** Long-running commands and writers: 0, a failed write or start, a usage error (a bad spec included). */
const RUNS = [ok, failed, usage] as const;

export const COMMAND_HELP = {
  init: { exits: RUNS, examples: ['vllm-slo init', 'vllm-slo init staging.yaml --force'] },
  // validate writes nothing and starts nothing: valid (0) or not (2), as every command treats a bad spec.
  validate: { exits: [ok, usage], examples: ['vllm-slo validate slo.yaml'] },
  generate: {
    exits: RUNS,
    examples: [
      'vllm-slo generate slo.yaml -o out',
      'vllm-slo generate slo.yaml -o manifests --format kubernetes --namespace monitoring',
    ],
  },
  sim: {
    exits: RUNS,
    examples: [
      'vllm-slo sim --pods 3 --environment staging --port 8000',
      'vllm-slo sim --profile 13b --errors 500=0.01,503=0.002 --faults-file faults.yaml',
    ],
  },
  gateway: {
    exits: RUNS,
    examples: [
      'vllm-slo gateway --environment production --upstream http://10.0.0.5:8000 --upstream http://10.0.0.6:8000',
      'vllm-slo gateway --environment staging --spec slo.yaml --port 9000 --api-key-file key.txt',
    ],
  },
  status: {
    exits: [ok, failed, usage, noData, warning],
    examples: [
      'vllm-slo status --env production --json',
      'vllm-slo status --source prometheus --prometheus http://prometheus:9090',
    ],
  },
  alerts: {
    exits: [ok, failed, usage, noData],
    examples: ['vllm-slo alerts slo.yaml --env production', 'vllm-slo alerts --json --db .vllm-slo/slo.db'],
  },
  serve: {
    exits: RUNS,
    examples: [
      'vllm-slo serve --spec slo.yaml --port 8080',
      'vllm-slo serve --scrape-gateway production=http://127.0.0.1:9000/metrics --alertmanager http://127.0.0.1:9093',
    ],
  },
  demo: { exits: RUNS, examples: ['vllm-slo demo', 'vllm-slo demo --port 0 --backfill-days 7 --seed 42'] },
} as const satisfies Record<CommandName, CommandHelp>;

function exitLines(codes: readonly ExitCode[]): string[] {
  return ['Exit codes:', ...codes.map((c) => `  ${c}  ${EXIT_MEANING[c]}`)];
}

function exampleLines(examples: readonly string[]): string[] {
  return ['Examples:', ...examples.map((e) => `  $ ${e}`)];
}

/** The `--help` tail of one command. */
export function commandHelpText(name: CommandName): string {
  const h: CommandHelp = COMMAND_HELP[name];
  return ['', ...exitLines(h.exits), '', ...exampleLines(h.examples)].join('\n');
}

/** The program's `--help` tail: the whole table. */
export function programHelpText(): string {
  const all = Object.values(EXIT);
  return [
    '',
    ...exitLines(all),
    '',
    ...exampleLines(['vllm-slo init && vllm-slo validate', 'vllm-slo status --env production --json']),
    '',
    'Run vllm-slo <command> --help for the codes and examples of one command.',
  ].join('\n');
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_HELP, name);
}

/** Adds the help tails to the program and every command; a command without one is a programming error. */
export function addHelpTexts(cli: Command): void {
  cli.addHelpText('after', programHelpText());
  for (const c of cli.commands) {
    const name = c.name();
    if (!isCommandName(name)) throw new Error(`vllm-slo ${name}: no help text in help-text.ts`);
    c.addHelpText('after', commandHelpText(name));
  }
}
