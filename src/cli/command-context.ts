/**
 * What each command's action needs from the program: the output, where to put its exit code, and
 * the stop signal of the long-running commands. The register-*-commands.ts files receive it.
 */
import type { Output } from './io.ts';

/** Passed to every register function by `main`'s program. */
export interface CommandContext {
  /** Where the command writes (the console, or a test's buffer). */
  o: Output;
  /** Records the command's exit code (exit-codes.ts); `main` returns it. */
  setCode: (code: number) => void;
  /** Starts listening for Ctrl-C and SIGTERM; the promise resolves on the first. */
  untilSignal: () => () => Promise<void>;
}

/**
 * Resolves on Ctrl-C or SIGTERM: long-running commands stop cleanly. The handlers go on when the
 * command starts, not when it starts waiting, so a Ctrl-C during start-up (the demo's backfill)
 * still ends in a clean stop instead of killing the process with its temporary store left behind.
 */
export function untilSignal(): () => Promise<void> {
  const signalled = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return () => signalled;
}
