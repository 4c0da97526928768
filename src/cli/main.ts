/**
 * The `vllm-slo` command: parses flags, calls the capabilities, renders output and returns the exit
 * code (exit-codes.ts). Commands load when they run: a bad flag or --help skips the store and the UI.
 */
import { Command, CommanderError } from 'commander';
import { hideUrlCredentials } from '../net/index.ts';
import { type CommandContext, untilSignal } from './command-context.ts';
import { EXIT } from './exit-codes.ts';
import { addHelpTexts } from './help-text.ts';
import { consoleOutput, type Output } from './io.ts';
import { registerDemoCommand, registerFleetCommands } from './register-fleet-commands.ts';
import { registerSourceCommands } from './register-source-commands.ts';
import { registerSpecCommands } from './register-spec-commands.ts';

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

  const ctx: CommandContext = { o, setCode, untilSignal };
  registerSpecCommands(cli, ctx);
  registerFleetCommands(cli, ctx);
  registerSourceCommands(cli, ctx);
  registerDemoCommand(cli, ctx);
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
