/**
 * The spec commands' flags: `init` writes the default spec, `validate` checks one, `generate`
 * writes the Prometheus, Alertmanager and Grafana artefacts from one.
 */
import { type Command, Option } from 'commander';
import type { OutputFormat } from '../bundle/index.ts';
import type { CommandContext } from './command-context.ts';
import * as flag from './flag-parsers.ts';
import { DEFAULT_SPEC_FILE } from './spec-path.ts';

/** Adds `init`, `validate` and `generate` to the program. */
export function registerSpecCommands(cli: Command, ctx: CommandContext): void {
  const { o, setCode } = ctx;
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
}
