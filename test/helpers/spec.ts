/** Loading specs in tests: the default one, or the default with edits. */
import { defaultSpecText, formatProblem, parseSpec, type SloSpec } from '../../src/spec/index.ts';

/** Parses YAML text that must be valid, failing with every problem otherwise. */
export function specFromText(text: string, file = 'test.yaml'): SloSpec {
  const r = parseSpec(text, file);
  if (!r.ok) throw new Error(`spec invalid:\n${r.problems.map(formatProblem).join('\n')}`);
  return r.spec;
}

/** The default spec (the guide's three environments). */
export function defaultSpec(): SloSpec {
  return specFromText(defaultSpecText(), 'default-spec.yaml');
}

/** The default spec with textual replacements applied (each must match). */
export function editedDefaultSpec(edits: ReadonlyArray<[string | RegExp, string]>): SloSpec {
  let text = defaultSpecText();
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit did not apply: ${String(from)}`);
    text = next;
  }
  return specFromText(text);
}

/** An edit for editedDefaultSpec: the default spec's environment `env` measured by `source`. */
export function sourceEdit(env: string, source: 'gateway' | 'vllm'): [RegExp, string] {
  return [
    new RegExp(`(podRegex: ".*-${env}-.*"\\n(?: {4}#.*\\n)*) {4}source: gateway\\n`),
    `$1    source: ${source}\n`,
  ];
}
