/** `vllm-slo gateway`: the metering reverse proxy until Ctrl-C. */
import {
  eventLevel,
  eventMessage,
  Gateway,
  type GatewayEvent,
  type GatewayTimeouts,
  type OutlierOptions,
  type PodTarget,
  parseTrustedProxies,
  parseUpstreams,
  type TrustedProxies,
} from '../../gateway/index.ts';
import { isLoopback, readSecretFile, SecretFileError } from '../../net/index.ts';
import {
  environmentThresholds,
  formatProblem,
  type GatewayTimeoutsSpec,
  readSpec,
} from '../../spec/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../io.ts';

export interface GatewayFlags {
  environment: string;
  upstream?: string[];
  spec?: string;
  host: string;
  port: number;
  /** Upstream timeouts in ms (flags as durations, "5s"); unset: the spec's, else the defaults. */
  connectTimeout?: number;
  responseTimeout?: number;
  idleTimeout?: number;
  totalTimeout?: number;
  apiKeyFile?: string;
  /** --trusted-proxies as given: "" (nobody), a hop count, or addresses and CIDRs. */
  trustedProxies: string;
  probeInterval: number;
  outlierConsecutive5xx: number;
  /** Ejection times in ms (flags as durations, "30s"). */
  outlierBaseEjection: number;
  outlierMaxEjection: number;
  outlierMaxEjectionPercent: number;
  panicThreshold: number;
}

/** The outlier flags as gateway options (the durations already parsed, flag-parsers.ts). */
function outlierOptions(f: GatewayFlags): OutlierOptions {
  return {
    consecutive5xx: f.outlierConsecutive5xx,
    baseEjectionMs: f.outlierBaseEjection,
    maxEjectionMs: f.outlierMaxEjection,
    maxEjectionPercent: f.outlierMaxEjectionPercent,
    panicThresholdPercent: f.panicThreshold,
  };
}

/** The timeouts: a flag wins over the spec, the spec over the defaults. */
function timeouts(f: GatewayFlags, spec: GatewayTimeoutsSpec): Partial<GatewayTimeouts> {
  return {
    ...spec,
    ...(f.connectTimeout === undefined ? {} : { connectMs: f.connectTimeout }),
    ...(f.responseTimeout === undefined ? {} : { responseMs: f.responseTimeout }),
    ...(f.idleTimeout === undefined ? {} : { idleMs: f.idleTimeout }),
    ...(f.totalTimeout === undefined ? {} : { totalMs: f.totalTimeout }),
  };
}

/** One JSON line per pod state change, in pino's shape (level, time, msg), on stdout. */
function logLine(o: Output): (e: GatewayEvent) => void {
  return (e) => o.out(JSON.stringify({ level: eventLevel(e), time: Date.now(), ...e, msg: eventMessage(e) }));
}

/** Thresholds, models and pods of the environment from the spec, when one is given. */
async function fromSpec(o: Output, f: GatewayFlags) {
  if (!f.spec)
    return {
      ok: true as const,
      latency: [],
      ttft: [],
      models: [],
      pods: [] as string[],
      timeouts: {} as GatewayTimeoutsSpec,
    };
  const r = await readSpec(f.spec);
  if (!r.ok) {
    for (const p of r.problems) o.err(formatProblem(p));
    return { ok: false as const, exit: EXIT.usage };
  }
  const env = r.spec.environments.find((e) => e.name === f.environment);
  if (!env) {
    o.err(
      `--environment: no environment ${JSON.stringify(f.environment)} in ${f.spec} (has ${r.spec.environments.map((e) => e.name).join(', ')})`,
    );
    // A flag naming what the spec lacks is a usage error, as status --env.
    return { ok: false as const, exit: EXIT.usage };
  }
  const t = environmentThresholds(env);
  return {
    ok: true as const,
    latency: t.duration,
    ttft: t.ttft,
    models: env.models,
    pods: env.pods,
    timeouts: env.gatewayTimeouts ?? {},
  };
}

export async function gatewayCommand(
  o: Output,
  f: GatewayFlags,
  until: () => Promise<void>,
): Promise<number> {
  const spec = await fromSpec(o, f);
  if (!spec.ok) return spec.exit;
  const fromFlags = f.upstream !== undefined && f.upstream.length > 0;
  const given = fromFlags ? (f.upstream as string[]) : spec.pods;
  if (given.length === 0) {
    o.err('vllm-slo gateway: no upstream pods: pass --upstream URL (repeatable) or list pods in the spec');
    return EXIT.usage;
  }
  let upstreams: PodTarget[];
  try {
    upstreams = parseUpstreams(given);
  } catch (err) {
    // The URLs were checked as flags were parsed; pod names and duplicates are checked here.
    o.err(`vllm-slo gateway: ${fromFlags ? '--' : `${f.spec} pods: `}${(err as Error).message}`);
    return EXIT.usage;
  }
  // An empty key file would turn the key check off without a word: refused, like serve's --token-file.
  let apiKey: string | undefined;
  try {
    apiKey = await readSecretFile(f.apiKeyFile, f.host, {
      flag: '--api-key-file',
      what: 'the API key clients send',
      noun: 'key',
      without: 'leave out --api-key-file to accept requests without a key',
    });
  } catch (err) {
    if (!(err instanceof SecretFileError)) throw err;
    o.err(err.message);
    return EXIT.usage;
  }
  const outlier = outlierOptions(f);
  let trustedProxies: TrustedProxies;
  try {
    trustedProxies = parseTrustedProxies(f.trustedProxies ?? '');
  } catch (err) {
    o.err(`vllm-slo gateway: ${(err as Error).message}`);
    return EXIT.usage;
  }
  const limits = timeouts(f, spec.timeouts);
  let gw: Gateway;
  try {
    gw = new Gateway({
      trustedProxies,
      environment: f.environment,
      upstreams,
      host: f.host,
      port: f.port,
      models: spec.models,
      latencyThresholds: spec.latency,
      ttftThresholds: spec.ttft,
      timeouts: limits,
      probeIntervalMs: f.probeInterval * 1000,
      outlier,
      log: logLine(o),
      ...(apiKey ? { apiKey } : {}),
    });
  } catch (err) {
    // OutlierOptionError or TimeoutOptionError: the option name and the value, e.g. "maxEjectionPercent must be ...".
    o.err(`vllm-slo gateway: ${(err as Error).message}`);
    return EXIT.usage;
  }
  try {
    await gw.start();
  } catch (err) {
    o.err(`vllm-slo gateway: cannot start: ${(err as Error).message}`);
    return EXIT.failed;
  }
  o.out(`gateway for ${f.environment} at ${gw.url} (metrics at ${gw.url}/metrics)`);
  if (!isLoopback(f.host))
    o.err(
      `warning: listening on ${f.host}, beyond this machine: anyone who can reach it can send requests to the pods${apiKey ? '' : ' (--api-key-file requires a key)'}`,
    );
  for (const p of gw.pool.pods()) o.out(`  ${p.name}  ${p.url}  ${p.healthy ? 'up' : 'DOWN'}`);
  await until();
  o.out('draining open requests...');
  await gw.stop();
  o.out('stopped');
  return EXIT.ok;
}
