/** `vllm-slo alerts`: the alert conditions holding now, as the generated rules would see them. */
import { alertConditions } from '../../alerting/index.ts';
import { evaluate } from '../../sources/index.ts';
import { formatDuration } from '../../spec/index.ts';
import { alertsExitCode } from '../exit-codes.ts';
import type { Output } from '../io.ts';
import { type SourceFlags, withSource } from './with-source.ts';

export interface AlertsFlags extends Omit<SourceFlags, 'bearerTokenFile' | 'basicAuthFile'> {
  json: boolean;
}

/** Exit codes from src/cli/exit-codes.ts: 0 none holds, 1 some holds, 2 usage or source error, 3 no data. */
export async function alertsCommand(o: Output, f: AlertsFlags, at = Date.now()): Promise<number> {
  return withSource(o, 'alerts', f, async (spec, source) => {
    // One status for both: the burn pairs and the no-data states come from the same numbers.
    const status = await evaluate(spec, source, at, f.env);
    const { conditions, unsupported } = await alertConditions(spec, source, at, status, f.env);
    const noData = status.environments.flatMap((e) =>
      e.objectives.filter((x) => x.state === 'no-data').map((x) => `${e.environment}/${x.name}`),
    );
    if (f.json) {
      const held = conditions.map((c) => ({
        alertname: c.alertname,
        labels: c.labels,
        annotations: c.annotations,
        for_seconds: c.forMs / 1000,
      }));
      const doc = {
        generated_at: new Date(at).toISOString(),
        source: source.kind,
        conditions: held,
        unsupported,
        no_data: noData,
      };
      o.out(JSON.stringify(doc, null, 2));
    } else {
      // One-shot: a condition fires once it has held for its `for`, which only `serve` tracks.
      o.out(conditions.length === 0 ? 'No alert condition holds.' : 'Alert conditions holding now:');
      for (const c of conditions)
        o.out(
          `  ${c.labels.severity ?? ''}\t${c.alertname}\t${c.annotations.summary ?? ''} (for ${formatDuration(c.forMs)})`,
        );
      for (const u of unsupported) o.out(`  not evaluated: ${u.environment} ${u.alertname}: ${u.reason}`);
      if (noData.length > 0) o.out(`  no data in the window: ${noData.join(', ')}`);
    }
    return alertsExitCode(conditions.length, status);
  });
}
