/** `vllm-slo alerts`: the alert conditions holding now, as the generated rules would see them. */
import { existsSync } from 'node:fs';
import {
  alertConditions,
  EmbeddedSource,
  PrometheusClient,
  PrometheusSource,
  type SloSource,
  SourceError,
} from '../../sources/index.ts';
import { DEFAULT_SPEC_PATH, formatDuration, formatProblem, readSpec } from '../../spec/index.ts';
import { SloStore, StoreError } from '../../store/index.ts';
import type { Output } from '../io.ts';

export interface AlertsFlags {
  spec?: string;
  source: 'embedded' | 'prometheus';
  prometheus?: string;
  db: string;
  env?: string;
  json: boolean;
}

/** Exit 0 nothing holds, 1 some condition holds, 2 usage or source errors. */
export async function alertsCommand(o: Output, f: AlertsFlags, at = Date.now()): Promise<number> {
  const specFile = f.spec ?? (existsSync('slo.yaml') ? 'slo.yaml' : DEFAULT_SPEC_PATH);
  const r = await readSpec(specFile);
  if (!r.ok) {
    for (const p of r.problems) o.err(formatProblem(p));
    return 2;
  }
  if (f.env && !r.spec.environments.some((e) => e.name === f.env)) {
    o.err(`--env: no environment ${JSON.stringify(f.env)} in ${specFile}`);
    return 2;
  }
  if (f.source === 'prometheus' && !f.prometheus) {
    o.err('--source prometheus needs --prometheus URL');
    return 2;
  }
  if (f.source === 'embedded' && f.db !== ':memory:' && !existsSync(f.db)) {
    o.err(
      `vllm-slo alerts: no embedded store at ${f.db} (the gateway or collector writes it; --db names another)`,
    );
    return 2;
  }
  let store: SloStore | undefined;
  try {
    if (f.source === 'embedded') store = SloStore.open(f.db);
    const source: SloSource = store
      ? new EmbeddedSource(store)
      : new PrometheusSource(r.spec, new PrometheusClient({ url: f.prometheus ?? '' }));
    const { conditions, unsupported } = await alertConditions(r.spec, source, at, undefined, f.env);
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
    }
    return conditions.length === 0 ? 0 : 1;
  } catch (err) {
    if (err instanceof SourceError || err instanceof StoreError) {
      o.err(`vllm-slo alerts: ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    store?.close();
  }
}
