/**
 * Reading a fault schedule file (`vllm-slo sim --faults-file`): capped as a
 * spec is, then parsed by parseFaultSchedule. Every way it can fail comes
 * back as problem lines naming the file, for the CLI to print.
 */
import { readCapped, tooLargeMessage } from '../spec/index.ts';
import { parseFaultSchedule } from './fault-schedule.ts';
import type { ScheduledFault } from './faults.ts';

/** A schedule, or the problems with the file, each a line starting with the file name. */
export type FaultScheduleResult =
  | { ok: true; schedule: ScheduledFault[] }
  | { ok: false; problems: string[] };

/**
 * Reads and parses a fault schedule file. Never throws: an unreadable file,
 * one past 1 MiB and a bad schedule each come back as problems.
 */
export async function readFaultSchedule(file: string): Promise<FaultScheduleResult> {
  let text: string | undefined;
  try {
    // Read in chunks and refused past 1 MiB, as a spec: a huge file never fills memory first.
    text = await readCapped(file);
  } catch (err) {
    return {
      ok: false,
      problems: [`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`],
    };
  }
  if (text === undefined) return { ok: false, problems: [`${file}: ${tooLargeMessage('a fault schedule')}`] };
  return parseFaultSchedule(text, file);
}
