/**
 * Picking the selected environment's pods in series that carry no environment
 * label: kube-state-metrics, cAdvisor and the DCGM exporter. The spec gives each
 * environment a `podRegex` for that (the guide matches `pod=~".*-production-.*"`).
 *
 * When every environment's regex is the same text with the environment's name
 * in it (the default spec: `.*-<name>-.*`), the query uses that text with
 * `$environment` in place of the name: one readable query, and exactly the
 * spec's regex for each environment. Otherwise the query is built once per
 * environment with its own regex and the selected one is kept
 * (`forSelectedEnvironment`), so a spec with unrelated regexes stays correct.
 *
 * Pods are not taken from the gateway's `pod` label here: a pod that is Pending
 * or Failed never served a request, and those are the ones the status panels
 * must show. The `$pod` variable only narrows (its "All" is `.*`).
 */
import { forSelectedEnvironment, grafanaVariable, type LabelMatch, withLabel } from '../promql/index.ts';
import type { SloSpec } from '../spec/index.ts';

/** How pod regexes follow `$environment`: one templated regex, or a lookup per environment. */
export type PodScope = { kind: 'template'; regex: string } | { kind: 'lookup' };

const ENV_VARIABLE = grafanaVariable('environment');

/** The environment's regex with its name replaced by `$environment`, when the name occurs in it. */
function template(name: string, podRegex: string): string | undefined {
  if (!podRegex.includes(name) || podRegex.includes(ENV_VARIABLE)) return undefined;
  return podRegex.split(name).join(ENV_VARIABLE);
}

/** Decides whether one templated regex reproduces every environment's `podRegex`. */
export function podScope(spec: SloSpec): PodScope {
  const templates = spec.environments.map((e) => template(e.name, e.podRegex));
  const first = templates[0];
  if (first !== undefined && templates.every((t) => t === first)) return { kind: 'template', regex: first };
  return { kind: 'lookup' };
}

/**
 * A query over the selected environment's pods: `build` receives the matchers
 * to put on each pod-scoped selector (pod label =~ regex, and =~ `$pod`).
 */
export function forEnvironmentPods(
  spec: SloSpec,
  podLabel: string,
  build: (podMatchers: readonly LabelMatch[]) => string,
  options: { podVariable: boolean } = { podVariable: true },
): string {
  const matchers = (regex: string): LabelMatch[] => [
    [podLabel, '=~', regex],
    ...(options.podVariable ? [[podLabel, '=~', grafanaVariable('pod')] as const] : []),
  ];
  const scope = podScope(spec);
  if (scope.kind === 'template') return build(matchers(scope.regex));
  const envLabel = spec.metrics.labels.environment;
  return forSelectedEnvironment(
    envLabel,
    spec.environments.map((e) => ({
      environment: e.name,
      expr: withLabel(build(matchers(e.podRegex)), envLabel, e.name),
    })),
  );
}
