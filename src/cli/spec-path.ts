/** Which spec file a command reads when none is named. */
import { existsSync } from 'node:fs';
import { DEFAULT_SPEC_PATH } from '../spec/index.ts';

/** Where `init` writes the spec and where the commands look for one first. */
export const DEFAULT_SPEC_FILE = 'slo.yaml';

/** The spec given, else ./slo.yaml when there is one, else the built-in default. */
export function specPath(given: string | undefined): string {
  return given ?? (existsSync(DEFAULT_SPEC_FILE) ? DEFAULT_SPEC_FILE : DEFAULT_SPEC_PATH);
}
