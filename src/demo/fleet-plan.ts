/**
 * What the demo simulates for each environment of the spec: how many pods of
 * which model profile, how much traffic of what kind, and the thresholds the
 * environment's gateway needs buckets at. Chosen so that, at these rates,
 * every environment meets its default SLOs until the scripted incident.
 */
import { type ModelProfile, podName, profile } from '../sim/index.ts';
import { environmentThresholds, type SloSpec } from '../spec/index.ts';
import { DemoError } from './demo-error.ts';

/** The kind of requests clients send. Token ranges are uniform and inclusive. */
export interface RequestMix {
  /** Share of requests streamed (SSE); the others wait for the whole answer. */
  streamShare: number;
  /** max_tokens of streamed requests (chat answers). */
  streamMaxTokens: readonly [number, number];
  /** max_tokens of non-streamed requests (short classifications and extractions). */
  plainMaxTokens: readonly [number, number];
  /** Prompt length in tokens: log-normal median and sigma. */
  promptMedianTokens: number;
  promptSigma: number;
}

/** One environment of the demo fleet. */
export interface EnvironmentPlan {
  environment: string;
  profile: ModelProfile;
  /** The model id the pods serve (the profile's). */
  model: string;
  /** Pod names, as a Deployment names them (vllm-production-0, ...). */
  pods: string[];
  /** Requests per second for the whole environment at the daily peak (before trafficScale). */
  peakRequestsPerSecond: number;
  mix: RequestMix;
  /** Request-duration thresholds of the spec (objectives and alerts), in seconds. */
  latencyThresholds: number[];
  /** TTFT thresholds of the spec, in seconds. */
  ttftThresholds: number[];
  /** Models the spec names for the environment. */
  models: string[];
}

export interface DemoPlan {
  environments: EnvironmentPlan[];
}

interface FleetShape {
  profile: string;
  pods: number;
  peakRequestsPerSecond: number;
  mix: RequestMix;
}

/**
 * The fleet per environment name. Latency arithmetic (src/sim/profiles.ts:
 * a decode step per token of decodeBaseMs + decodePerSeqMs * batch, plus
 * apiOverheadMs and one prefill step), with a batch of about ten:
 *
 * - production, 13b (18 ms/token): streamed answers of at most 128 tokens take
 *   at most about 128 * 19 + 60 ms = 2.5 s, under P95 < 3 s and P99 < 6 s.
 *   Non-streamed requests (their TTFT is the whole response, DESIGN.md) of
 *   at most 12 tokens take about 0.3 s, under TTFT P95 < 500 ms.
 * - staging, 7b (11 ms/token): at most 192 tokens, about 2.2 s, under 3 s.
 * - development, 70b (35 ms/token): at most 96 tokens, about 3.5 s, under 5 s.
 *
 * Rates: production several requests per second at peak (2 per pod),
 * staging about 1, development about 0.2; the daily mean is 0.65 of the
 * peak (daily-shape.ts). About 7.5 req/s in all at peak keeps the whole demo
 * at a few percent of one core: the machine running it has two.
 */
const FLEET: Readonly<Record<string, FleetShape>> = {
  production: {
    profile: '13b',
    pods: 3,
    peakRequestsPerSecond: 6,
    mix: {
      streamShare: 0.8,
      streamMaxTokens: [24, 128],
      plainMaxTokens: [4, 12],
      promptMedianTokens: 300,
      promptSigma: 0.6,
    },
  },
  staging: {
    profile: '7b',
    pods: 2,
    peakRequestsPerSecond: 1.2,
    mix: {
      streamShare: 0.7,
      streamMaxTokens: [32, 192],
      plainMaxTokens: [4, 16],
      promptMedianTokens: 300,
      promptSigma: 0.6,
    },
  },
  development: {
    profile: '70b',
    pods: 1,
    peakRequestsPerSecond: 0.25,
    mix: {
      streamShare: 0.7,
      streamMaxTokens: [16, 96],
      plainMaxTokens: [4, 12],
      promptMedianTokens: 200,
      promptSigma: 0.6,
    },
  },
};

/** Names of the environments the demo can simulate. */
export const DEMO_ENVIRONMENTS: readonly string[] = Object.keys(FLEET);

/**
 * The demo fleet for a spec: one entry per spec environment the demo knows
 * (production, staging, development), in the spec's order; others are left
 * out, as the demo has no traffic profile for them.
 * @throws DemoError (no_environments) when the spec has none of them.
 */
export function demoPlan(spec: SloSpec): DemoPlan {
  const environments: EnvironmentPlan[] = [];
  for (const env of spec.environments) {
    const shape = FLEET[env.name];
    if (!shape) continue;
    const p = profile(shape.profile);
    const t = environmentThresholds(env);
    environments.push({
      environment: env.name,
      profile: p,
      model: p.model,
      pods: Array.from({ length: shape.pods }, (_, i) => podName(env.name, i)),
      peakRequestsPerSecond: shape.peakRequestsPerSecond,
      mix: shape.mix,
      latencyThresholds: t.duration,
      ttftThresholds: t.ttft,
      models: env.models,
    });
  }
  if (environments.length === 0)
    throw new DemoError(
      'no_environments',
      `the demo simulates ${DEMO_ENVIRONMENTS.join(', ')}; the spec has ${spec.environments.map((e) => e.name).join(', ') || 'no environment'}`,
    );
  return { environments };
}
