/**
 * The generated rules files, each a set of groups for every environment:
 * recording rules, alerts, capacity, and the optional vLLM adapter.
 */
import type { SloSpec } from '../spec/index.ts';
import { adapterGroup } from './adapter-rules.ts';
import { burnRateGroup } from './burn-rate-rules.ts';
import { capacityGroup } from './capacity-rules.ts';
import { sliGroups } from './sli-rules.ts';
import { thresholdGroup } from './threshold-rules.ts';
import type { RuleFile, RuleGroup } from './types.ts';

function nonEmpty(groups: RuleGroup[]): RuleGroup[] {
  return groups.filter((g) => g.rules.length > 0);
}

/** Every rules file for a spec, in load order. */
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
      description: 'Multi-window multi-burn-rate alerts and threshold alerts; needs the recording rules.',
      groups: nonEmpty(envs.flatMap((e) => [burnRateGroup(spec, e), thresholdGroup(spec, e)])),
    },
    {
      file: 'vllm-slo-capacity.rules.yaml',
      description: 'Capacity rules: requests per GPU, GPU utilisation headroom and the scale-up alert.',
      groups: nonEmpty(envs.map((e) => capacityGroup(spec, e))),
    },
    {
      file: 'vllm-slo-vllm-adapter.rules.yaml',
      description:
        "Optional: maps vLLM's own metrics onto the gateway's names. Load it only if you do NOT run the gateway.",
      groups: nonEmpty(envs.map((e) => adapterGroup(spec, e))),
    },
  ];
}
