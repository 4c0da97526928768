/**
 * The generated rules files, each a set of groups for every environment:
 * recording rules, alerts, capacity, and the optional vLLM adapter.
 */
import type { SloSpec } from '../spec/index.ts';
import { absenceGroup } from './absence-rules.ts';
import { ADAPTER_VERSION_NOTE, adapterBoundNotes, adapterGroup } from './adapter-rules.ts';
import { burnRateGroup } from './burn-rate-rules.ts';
import { capacityGroup } from './capacity-rules.ts';
import { sliGroups } from './sli-rules.ts';
import { thresholdGroup } from './threshold-rules.ts';
import type { RuleFile, RuleGroup } from './types.ts';

function nonEmpty(groups: RuleGroup[]): RuleGroup[] {
  return groups.filter((g) => g.rules.length > 0);
}

/** The vLLM adapter's file: only for environments whose source is vllm, absent by default. */
export const VLLM_ADAPTER_FILE = 'vllm-slo-vllm-adapter.rules.yaml';

/**
 * The vLLM adapter for the environments whose source is vllm; none when
 * every environment reads its gateway (the default), so `kubectl apply -f`
 * on the output never loads it beside a gateway by accident.
 */
function adapterFile(spec: SloSpec): RuleFile[] {
  const vllm = spec.environments.filter((e) => e.source === 'vllm');
  if (vllm.length === 0) return [];
  return [
    {
      file: VLLM_ADAPTER_FILE,
      description:
        'Maps vLLM\'s own metrics onto the gateway\'s names (label source="vllm") for the environments whose source is vllm; it records nothing for an environment while a gateway reports it.',
      notes: [ADAPTER_VERSION_NOTE, ...adapterBoundNotes(spec, vllm)],
      groups: nonEmpty(vllm.map((e) => adapterGroup(spec, e))),
    },
  ];
}

/** Every rules file for a spec, in load order; the last is the vLLM adapter where an environment reads vLLM. */
export function ruleFiles(spec: SloSpec): RuleFile[] {
  const envs = spec.environments;
  return [
    {
      file: 'vllm-slo-recording.rules.yaml',
      description:
        'SLI recording rules: bad-event ratios per window (over 6h from 5-minute increases) and request rates.',
      groups: nonEmpty(envs.flatMap((e) => sliGroups(spec, e))),
    },
    {
      file: 'vllm-slo-alerts.rules.yaml',
      description:
        'Multi-window multi-burn-rate alerts, threshold alerts and the absence alert; needs the recording rules.',
      groups: nonEmpty(
        envs.flatMap((e) => [burnRateGroup(spec, e), thresholdGroup(spec, e), absenceGroup(spec, e)]),
      ),
    },
    {
      file: 'vllm-slo-capacity.rules.yaml',
      description: 'Capacity rules: requests per GPU, GPU utilisation headroom and the scale-up alert.',
      groups: nonEmpty(envs.map((e) => capacityGroup(spec, e))),
    },
    ...adapterFile(spec),
  ];
}
