/** `vllm-slo status`: SLIs, error budgets and burn rates, from the embedded store or Prometheus. */
import { evaluate } from '../../sources/index.ts';
import type { Output } from '../io.ts';
import { renderStatus, statusExitCode } from '../status-table.ts';
import { type SourceFlags, withSource } from './open-source.ts';

export interface StatusFlags extends SourceFlags {
  json: boolean;
}

/** Exit 0 all met, 1 any breached, 2 usage or source errors. */
export async function statusCommand(o: Output, f: StatusFlags): Promise<number> {
  return withSource(o, 'status', f, async (spec, source) => {
    const doc = await evaluate(spec, source, Date.now(), f.env);
    if (f.json) o.out(JSON.stringify(doc, null, 2));
    else renderStatus(o, doc);
    return statusExitCode(doc);
  });
}
