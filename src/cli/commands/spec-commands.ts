/** `vllm-slo init` and `vllm-slo validate`. */
import { formatProblem, readSpec, SpecWriteError, writeDefaultSpec } from '../../spec/index.ts';
import { EXIT } from '../exit-codes.ts';
import { type Output, paint } from '../io.ts';

/** Writes the default spec; refuses to overwrite unless forced. Returns the exit code. */
export async function initCommand(o: Output, file: string, force: boolean): Promise<number> {
  try {
    await writeDefaultSpec(file, force);
  } catch (err) {
    if (!(err instanceof SpecWriteError)) throw err;
    o.err(err.message);
    return EXIT.failed;
  }
  o.out(`wrote ${file}: the guide's production, staging and development SLOs`);
  o.out(`next: vllm-slo validate ${file} && vllm-slo generate ${file} -o out`);
  return EXIT.ok;
}

/** Prints every problem of a spec (exit 2, as every command that reads one), or a one-line summary when valid. */
export async function validateCommand(o: Output, file: string): Promise<number> {
  const r = await readSpec(file);
  if (!r.ok) {
    for (const p of r.problems) o.err(formatProblem(p));
    o.err(paint(o, 'red', `${file}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`));
    return EXIT.usage;
  }
  // Warnings are printed but never fail validation (exit 0).
  for (const w of r.warnings) o.err(paint(o, 'yellow', formatProblem(w)));
  const envs = r.spec.environments;
  const objectives = envs.reduce((n, e) => n + e.objectives.length, 0);
  const alerts = envs.reduce((n, e) => n + e.alerts.length, 0);
  o.out(
    paint(o, 'green', `${file}: valid`) +
      ` (${envs.length} environments: ${envs.map((e) => e.name).join(', ')}; ${objectives} objectives, ${alerts} threshold alerts)` +
      (r.warnings.length > 0 ? `; ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}` : ''),
  );
  return EXIT.ok;
}
