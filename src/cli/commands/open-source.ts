/**
 * The opening that `status` and `alerts` share: find and read the spec, check
 * `--env`, open the embedded store or a Prometheus client, and turn the errors a
 * user can fix (a bad spec, a missing store, an unreachable or refusing
 * Prometheus, a missing secret file) into exit 2 with one line on stderr.
 */
import { existsSync } from 'node:fs';
import {
  EmbeddedSource,
  PrometheusClient,
  PrometheusSource,
  type SloSource,
  SourceError,
} from '../../sources/index.ts';
import { formatProblem, readSpec, type SloSpec } from '../../spec/index.ts';
import { SloStore, StoreError } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../io.ts';
import { specPath } from '../spec-path.ts';
import { readSecretFile } from './token-file.ts';

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

type Credentials = { bearerToken?: string; basicAuth?: { username: string; password: string } };

/** The Prometheus credentials from their files; a message naming the flag when one is empty or unreadable. */
async function credentials(f: SourceFlags): Promise<Credentials | string> {
  const read = (flag: string, file: string | undefined, what: string, noun: string) =>
    readSecretFile(file, undefined, { flag, what, noun, without: `leave out ${flag} to send none` });
  const basic = await read('--basic-auth-file', f.basicAuthFile, 'user:password', 'secret');
  if (!basic.ok) return basic.message;
  const bearer = await read('--bearer-token-file', f.bearerTokenFile, 'a bearer token', 'token');
  if (!bearer.ok) return bearer.message;
  const out: Credentials = bearer.token ? { bearerToken: bearer.token } : {};
  if (basic.token !== undefined) {
    const colon = basic.token.indexOf(':');
    if (colon < 0) return `--basic-auth-file ${f.basicAuthFile}: expected user:password (no ":" in the file)`;
    out.basicAuth = { username: basic.token.slice(0, colon), password: basic.token.slice(colon + 1) };
  }
  return out;
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
      const auth = await credentials(f);
      if (typeof auth === 'string') {
        o.err(auth);
        return EXIT.usage;
      }
      source = new PrometheusSource(r.spec, new PrometheusClient({ url: f.prometheus ?? '', ...auth }));
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
