/** `vllm-slo status`: SLIs, error budgets and burn rates, from the embedded store or Prometheus. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  EmbeddedSource,
  evaluate,
  PrometheusClient,
  PrometheusSource,
  type SloSource,
  SourceError,
} from '../../sources/index.ts';
import { DEFAULT_SPEC_PATH, formatProblem, readSpec } from '../../spec/index.ts';
import { SloStore, StoreError } from '../../store/index.ts';
import type { Output } from '../io.ts';
import { renderStatus, statusExitCode } from '../status-table.ts';

export interface StatusFlags {
  spec?: string;
  source: 'embedded' | 'prometheus';
  prometheus?: string;
  bearerTokenFile?: string;
  basicAuthFile?: string;
  db: string;
  env?: string;
  json: boolean;
}

async function secret(file: string | undefined): Promise<string | undefined> {
  return file === undefined ? undefined : (await readFile(file, 'utf8')).trim();
}

/** Exit 0 all met, 1 any breached, 2 usage or source errors. */
export async function statusCommand(o: Output, f: StatusFlags): Promise<number> {
  const specFile = f.spec ?? (existsSync('slo.yaml') ? 'slo.yaml' : DEFAULT_SPEC_PATH);
  const r = await readSpec(specFile);
  if (!r.ok) {
    for (const p of r.problems) o.err(formatProblem(p));
    return 2;
  }
  if (f.env && !r.spec.environments.some((e) => e.name === f.env)) {
    o.err(
      `--env: no environment ${JSON.stringify(f.env)} in ${specFile} (has ${r.spec.environments.map((e) => e.name).join(', ')})`,
    );
    return 2;
  }
  let source: SloSource;
  let store: SloStore | undefined;
  try {
    if (f.source === 'prometheus') {
      if (!f.prometheus) {
        o.err('--source prometheus needs --prometheus URL');
        return 2;
      }
      const basic = await secret(f.basicAuthFile);
      const [username = '', password = ''] = basic?.split(':') ?? [];
      const token = await secret(f.bearerTokenFile);
      const client = new PrometheusClient({
        url: f.prometheus,
        ...(token ? { bearerToken: token } : {}),
        ...(basic ? { basicAuth: { username, password } } : {}),
      });
      source = new PrometheusSource(r.spec, client);
    } else {
      if (f.db !== ':memory:' && !existsSync(f.db)) {
        o.err(
          `vllm-slo status: no embedded store at ${f.db} (the gateway or collector writes it; --db names another)`,
        );
        return 2;
      }
      store = SloStore.open(f.db);
      source = new EmbeddedSource(store);
    }
    const doc = await evaluate(r.spec, source, Date.now(), f.env);
    if (f.json) o.out(JSON.stringify(doc, null, 2));
    else renderStatus(o, doc);
    return statusExitCode(doc);
  } catch (err) {
    if (
      err instanceof SourceError ||
      err instanceof StoreError ||
      (err as NodeJS.ErrnoException).code === 'ENOENT'
    ) {
      o.err(`vllm-slo status: ${(err as Error).message}`);
      return 2;
    }
    throw err;
  } finally {
    store?.close();
  }
}
