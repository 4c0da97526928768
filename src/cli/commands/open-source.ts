/**
 * The opening that `status` and `alerts` share: find and read the spec, check
 * `--env`, open the embedded store or a Prometheus client, and turn the errors a
 * user can fix (a bad spec, a missing store, an unreachable or refusing
 * Prometheus, a missing secret file) into exit 2 with one line on stderr.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  EmbeddedSource,
  PrometheusClient,
  PrometheusSource,
  type SloSource,
  SourceError,
} from '../../sources/index.ts';
import { DEFAULT_SPEC_PATH, formatProblem, readSpec, type SloSpec } from '../../spec/index.ts';
import { SloStore, StoreError } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../io.ts';

/** Where `init` writes the spec and where the commands look for one first. */
export const DEFAULT_SPEC_FILE = 'slo.yaml';

/** The spec given, else ./slo.yaml when there is one, else the built-in default. */
export function specPath(given: string | undefined): string {
  return given ?? (existsSync(DEFAULT_SPEC_FILE) ? DEFAULT_SPEC_FILE : DEFAULT_SPEC_PATH);
}

/** The flags of a command that reads numbers from a source. */
export interface SourceFlags {
  spec?: string;
  source: 'embedded' | 'prometheus';
  prometheus?: string;
  bearerTokenFile?: string;
  basicAuthFile?: string;
  db: string;
  env?: string;
}

async function secret(file: string | undefined): Promise<string | undefined> {
  return file === undefined ? undefined : (await readFile(file, 'utf8')).trim();
}

async function prometheusClient(url: string, f: SourceFlags): Promise<PrometheusClient> {
  const basic = await secret(f.basicAuthFile);
  const [username = '', password = ''] = basic?.split(':') ?? [];
  const token = await secret(f.bearerTokenFile);
  return new PrometheusClient({
    url,
    ...(token ? { bearerToken: token } : {}),
    ...(basic ? { basicAuth: { username, password } } : {}),
  });
}

/** Usage errors in the flags and the spec, before anything is opened; undefined when there are none. */
function flagProblem(command: string, specFile: string, spec: SloSpec, f: SourceFlags): string | undefined {
  if (f.env && !spec.environments.some((e) => e.name === f.env))
    return `--env: no environment ${JSON.stringify(f.env)} in ${specFile} (has ${spec.environments.map((e) => e.name).join(', ')})`;
  if (f.source === 'prometheus' && !f.prometheus) return '--source prometheus needs --prometheus URL';
  // SloStore.open would create an empty store, which would read as "no traffic" rather than a typo.
  if (f.source === 'embedded' && f.db !== ':memory:' && !existsSync(f.db))
    return `vllm-slo ${command}: no embedded store at ${f.db} (the gateway or collector writes it; --db names another)`;
  return undefined;
}

/**
 * Reads the spec, opens the source the flags name, runs `use` on them and closes
 * the store after. Returns `use`'s exit code, or 2 for a usage or source error.
 */
export async function withSource(
  o: Output,
  command: string,
  f: SourceFlags,
  use: (spec: SloSpec, source: SloSource) => Promise<number>,
): Promise<number> {
  const specFile = specPath(f.spec);
  const r = await readSpec(specFile);
  if (!r.ok) {
    for (const p of r.problems) o.err(formatProblem(p));
    return EXIT.usage;
  }
  const problem = flagProblem(command, specFile, r.spec, f);
  if (problem !== undefined) {
    o.err(problem);
    return EXIT.usage;
  }
  let store: SloStore | undefined;
  try {
    let source: SloSource;
    if (f.source === 'prometheus') {
      source = new PrometheusSource(r.spec, await prometheusClient(f.prometheus ?? '', f));
    } else {
      store = SloStore.open(f.db);
      source = new EmbeddedSource(store);
    }
    return await use(r.spec, source);
  } catch (err) {
    if (
      err instanceof SourceError ||
      err instanceof StoreError ||
      (err as NodeJS.ErrnoException).code === 'ENOENT'
    ) {
      o.err(`vllm-slo ${command}: ${(err as Error).message}`);
      return EXIT.usage;
    }
    throw err;
  } finally {
    store?.close();
  }
}
