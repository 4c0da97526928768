/**
 * Label names the spec configures must be distinct where they meet in one
 * series: `metrics.labels.model: pod` made the model and pod label one label,
 * so every rule grouped by both read one as the other. The generated rules
 * also set labels of their own (alert and recording labels), which a
 * configured label must not shadow.
 */
import { formatPath, type PathSegment } from './problems.ts';
import type { SpecInput } from './schema.ts';

export interface LabelIssue {
  code: string;
  path: PathSegment[];
  message: string;
}

/**
 * Labels the generated files use themselves: `le` (histogram buckets),
 * `slo` (recording rules), `alertname`, `alertstate` and `severity` (alerts),
 * and `environment`, which every alert carries whatever
 * `metrics.labels.environment` is called (DESIGN.md's alert contract).
 */
const RESERVED = ['le', 'slo', 'alertname', 'alertstate', 'severity'] as const;

/** A problem for each configured label name used twice in a group, or one the rules set themselves. */
export function labelNameIssues(spec: SpecInput): LabelIssue[] {
  const out: LabelIssue[] = [];
  // `fallback`: the label's default. Of two equal labels the one changed from its default is reported (the edit).
  type Entry = [PathSegment[], string, string?];
  const group = (entries: Entry[], reserved: readonly string[]) => {
    const first = new Map<string, Entry>();
    for (const entry of entries) {
      const [path, name, fallback] = entry;
      const seen = first.get(name);
      if (seen !== undefined) {
        const blameFirst = name === fallback && seen[1] !== seen[2];
        const [blamed, other] = blameFirst ? [seen, entry] : [entry, seen];
        out.push({
          code: 'duplicate',
          path: blamed[0],
          message: `label ${JSON.stringify(name)} is also ${formatPath(other[0])}: each label must be distinct`,
        });
      } else if (reserved.includes(name))
        out.push({
          code: 'reserved_label',
          path,
          message: `label ${JSON.stringify(name)} is set by the generated rules themselves (reserved: ${reserved.join(', ')})`,
        });
      else first.set(name, entry);
    }
  };
  const l = spec.metrics.labels;
  const at = (key: string): PathSegment[] => ['metrics', 'labels', key];
  group(
    [
      [at('environment'), l.environment, 'environment'],
      [at('model'), l.model, 'model'],
      [at('pod'), l.pod, 'pod'],
      [at('errorClass'), l.errorClass, 'error_class'],
      [at('errorType'), l.errorType, 'error_type'],
    ],
    // `environment` is reserved for every label but the environment label itself.
    [...RESERVED, ...(l.environment === 'environment' ? [] : ['environment'])],
  );
  const v = spec.metrics.vllm;
  group(
    [
      [['metrics', 'vllm', 'modelLabel'], v.modelLabel, 'model_name'],
      ...v.targetLabels.map((t, i): Entry => [['metrics', 'vllm', 'targetLabels', i], t]),
    ],
    RESERVED,
  );
  group(
    spec.alerting.alertmanager.groupBy.map((g, i): Entry => [['alerting', 'alertmanager', 'groupBy', i], g]),
    [],
  );
  return out;
}
