/** `vllm-slo status`: SLIs, error budgets and burn rates, from the embedded store or Prometheus. */
import { evaluate } from '../../sources/index.ts';
import { EXIT, statusExitCode } from '../exit-codes.ts';
import type { Output } from '../io.ts';
import { renderStatus } from '../status-table.ts';
import { type SourceFlags, withSource } from './with-source.ts';

export interface StatusFlags extends SourceFlags {
  json: boolean;
}

const OVERALL: Record<number, string> = {
  [EXIT.ok]: 'OK, no objective breached and every one has data',
  [EXIT.failed]: 'BREACHED, some objective is below target or out of budget',
  [EXIT.warning]: 'WARNING, some objective burns its error budget faster than it allows',
  [EXIT.noData]: 'NO DATA, some objective saw no events in its window and none is breached or warning',
};

/** Exit codes from src/cli/exit-codes.ts: 0 fine, 1 breached, 2 usage or source error, 3 no data, 4 warning. */
export async function statusCommand(o: Output, f: StatusFlags): Promise<number> {
  return withSource(o, 'status', f, async (spec, source) => {
    const doc = await evaluate(spec, source, Date.now(), f.env);
    const code = statusExitCode(doc);
    if (f.json) o.out(JSON.stringify(doc, null, 2));
    else {
      renderStatus(o, doc);
      o.out(`overall: ${OVERALL[code]} (exit ${code})`);
    }
    return code;
  });
}
