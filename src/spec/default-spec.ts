/**
 * The default spec (the guide's three environments), shipped as a commented
 * YAML file beside this module so `init` writes exactly what users read.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SPEC_PATH = fileURLToPath(new URL('./default-spec.yaml', import.meta.url));

/** The default spec's YAML text, comments included. */
export function defaultSpecText(): string {
  return readFileSync(DEFAULT_SPEC_PATH, 'utf8');
}
