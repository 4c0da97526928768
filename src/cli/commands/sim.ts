/** `vllm-slo sim`: a simulated vLLM fleet until Ctrl-C. */
import { isLoopback } from '../../net/index.ts';
import {
  checkFaultPatch,
  FaultError,
  type FaultPatch,
  type Fleet,
  profile,
  readFaultSchedule,
  realClock,
  type ScheduledFault,
  startFleet,
} from '../../sim/index.ts';
import { EXIT } from '../exit-codes.ts';
import { parseErrorRates } from '../flag-parsers-compound.ts';
import type { Output } from '../io.ts';

export interface SimFlags {
  pods: number;
  environment: string;
  profile: string;
  port: number;
  host: string;
  model?: string;
  timeScale: number;
  seed: number;
  maxNumSeqs?: number;
  errors?: string;
  latencyMultiplier?: number;
  slowStart?: number;
  streamCutRate?: number;
  streamErrorRate?: number;
  hangRate?: number;
  faultsFile?: string;
}

/** The flag that sets each field of the base fault patch (FaultError's subject), for messages. */
const FAULT_FLAGS = {
  errorRates: '--errors',
  latencyMultiplier: '--latency-multiplier',
  streamCutRate: '--stream-cut-rate',
  streamErrorRate: '--stream-error-rate',
  hangRate: '--hang-rate',
} as const satisfies Partial<Record<keyof FaultPatch, string>>;

/** Builds the fleet from flags, prints each pod's URL, and runs until `until` settles. */
export async function simCommand(o: Output, f: SimFlags, until: () => Promise<void>): Promise<number> {
  let p: ReturnType<typeof profile>;
  let clock: ReturnType<typeof realClock>;
  try {
    p = profile(f.profile, f.maxNumSeqs ? { maxNumSeqs: f.maxNumSeqs } : {});
    clock = realClock(f.timeScale);
  } catch (err) {
    o.err(`vllm-slo sim: ${(err as Error).message}`);
    return EXIT.usage;
  }
  const faults: FaultPatch = {};
  if (f.errors) {
    const r = parseErrorRates(f.errors);
    if ('error' in r) {
      o.err(r.error);
      return EXIT.usage;
    }
    faults.errorRates = r.rates;
  }
  if (f.latencyMultiplier !== undefined) faults.latencyMultiplier = f.latencyMultiplier;
  if (f.streamCutRate !== undefined) faults.streamCutRate = f.streamCutRate;
  if (f.streamErrorRate !== undefined) faults.streamErrorRate = f.streamErrorRate;
  if (f.hangRate !== undefined) faults.hangRate = f.hangRate;
  try {
    // Each flag's value was checked as it was parsed; what only holds together (rates summing to at most 1) is the simulator's rule.
    checkFaultPatch(faults);
  } catch (err) {
    if (!(err instanceof FaultError)) throw err;
    const field = err.subject.split('.')[0] ?? '';
    const flag = field in FAULT_FLAGS ? FAULT_FLAGS[field as keyof typeof FAULT_FLAGS] : err.subject;
    o.err(`vllm-slo sim: ${flag}: expected ${err.expected}, got ${String(err.value)}`);
    return EXIT.usage;
  }
  let schedule: ScheduledFault[] | undefined;
  if (f.faultsFile) {
    const parsed = await readFaultSchedule(f.faultsFile);
    if (!parsed.ok) {
      for (const line of parsed.problems) o.err(line);
      return EXIT.usage;
    }
    schedule = parsed.schedule;
  }
  let fleet: Fleet;
  try {
    fleet = await startFleet({
      pods: f.pods,
      environment: f.environment,
      profile: p,
      ...(f.model ? { model: f.model } : {}),
      host: f.host,
      port: f.port,
      clock,
      seed: f.seed,
      faults,
      ...(f.slowStart ? { slowStartSeconds: f.slowStart } : {}),
      ...(schedule ? { schedule } : {}),
    });
  } catch (err) {
    o.err(`vllm-slo sim: cannot start: ${(err as Error).message}`);
    return EXIT.failed;
  }
  o.out(
    `simulating ${f.pods} ${p.name} pod(s) of ${f.environment}, model ${fleet.pods[0]?.model ?? p.model}, time x${f.timeScale}`,
  );
  for (const pod of fleet.pods) o.out(`  ${pod.name}  ${pod.url}`);
  if (!isLoopback(f.host))
    o.err(
      `warning: listening on ${f.host}, beyond this machine: anyone who can reach the pods can change their faults through /admin/faults (the simulator is for tests)`,
    );
  o.out('Ctrl-C to stop');
  await until();
  await fleet.stop();
  o.out('stopped');
  return EXIT.ok;
}
