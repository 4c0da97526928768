/**
 * The gateway's options for one environment of the spec: its pods, models,
 * latency and TTFT thresholds (a histogram bucket bound at each, so
 * Prometheus counts bad events exactly) and upstream timeouts, with what the
 * operator gave on the command line over them. `vllm-slo gateway` calls it
 * and only renders its errors.
 */
import { type Environment, environmentThresholds, type SloSpec } from '../spec/index.ts';
import type { GatewayOptions } from './gateway.ts';
import type { OutlierOptions } from './outlier-detector.ts';
import { parseUpstreams, UpstreamError } from './pod-upstreams.ts';
import type { GatewayTimeouts } from './timeouts.ts';

/** What the operator set besides the spec; unset fields keep the spec's, then the defaults. */
export interface GatewayOverrides {
  /** Upstream pods (URL or name=URL); when any is given they replace the spec's pods. */
  upstreams?: readonly string[];
  /** Each timeout set here wins over the spec's, the spec's over TIMEOUT_DEFAULTS. */
  timeouts?: Partial<GatewayTimeouts>;
  /** Outlier detection and panic routing; unset: OUTLIER_DEFAULTS. */
  outlier?: OutlierOptions;
}

/** The options gatewayOptionsFromSpec decides; the caller adds host, port, keys and logging. */
export type SpecGatewayOptions = Required<
  Pick<
    GatewayOptions,
    'environment' | 'upstreams' | 'models' | 'latencyThresholds' | 'ttftThresholds' | 'timeouts'
  >
> &
  Pick<GatewayOptions, 'outlier'>;

/**
 * Why the options cannot be built. `unknown_environment`: the spec has no
 * such environment (`expected` lists the ones it has); `no_upstreams`: neither
 * overrides nor spec name a pod; `invalid_upstreams` / `invalid_spec_pods`: an
 * upstream from the overrides / the spec's pods is refused by parseUpstreams
 * (the message is its message, `value` the upstream).
 */
export class GatewaySpecError extends Error {
  constructor(
    readonly code: 'unknown_environment' | 'no_upstreams' | 'invalid_upstreams' | 'invalid_spec_pods',
    readonly value: string,
    readonly expected: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatewaySpecError';
  }
}

/** `given` over `base`, field by field; an undefined field of `given` keeps the base's. */
export function mergeTimeouts(
  base: Partial<GatewayTimeouts>,
  given: Partial<GatewayTimeouts> = {},
): Partial<GatewayTimeouts> {
  const out: Partial<GatewayTimeouts> = { ...base };
  for (const key of ['connectMs', 'responseMs', 'idleMs', 'totalMs'] as const) {
    const v = given[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function findEnvironment(spec: SloSpec, name: string): Environment {
  const env = spec.environments.find((e) => e.name === name);
  if (env) return env;
  const names = spec.environments.map((e) => e.name).join(', ');
  throw new GatewaySpecError(
    'unknown_environment',
    name,
    names,
    `no environment ${JSON.stringify(name)} in the spec (has ${names})`,
  );
}

/**
 * The gateway's options for `environment`: from its entry in `spec` when one
 * is given (without a spec: no thresholds, models or pods), with `overrides`
 * over them. Timeout and outlier values are checked by the Gateway itself.
 * @throws GatewaySpecError for an environment the spec lacks, no upstreams, or a refused upstream.
 */
export function gatewayOptionsFromSpec(
  spec: SloSpec | undefined,
  environment: string,
  overrides: GatewayOverrides = {},
): SpecGatewayOptions {
  const env = spec ? findEnvironment(spec, environment) : undefined;
  const thresholds = env ? environmentThresholds(env) : { duration: [], ttft: [] };
  const fromOverrides = overrides.upstreams !== undefined && overrides.upstreams.length > 0;
  const given = fromOverrides ? (overrides.upstreams ?? []) : (env?.pods ?? []);
  if (given.length === 0)
    throw new GatewaySpecError(
      'no_upstreams',
      '',
      'upstream URLs, or pods listed for the environment in the spec',
      'no upstream pods',
    );
  let upstreams: GatewayOptions['upstreams'];
  try {
    upstreams = parseUpstreams(given);
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    throw new GatewaySpecError(
      fromOverrides ? 'invalid_upstreams' : 'invalid_spec_pods',
      err.value,
      'http(s) URLs or name=URL, each pod once',
      err.message,
    );
  }
  return {
    environment,
    upstreams,
    models: env?.models ?? [],
    latencyThresholds: thresholds.duration,
    ttftThresholds: thresholds.ttft,
    timeouts: mergeTimeouts(env?.gatewayTimeouts ?? {}, overrides.timeouts),
    ...(overrides.outlier ? { outlier: overrides.outlier } : {}),
  };
}
