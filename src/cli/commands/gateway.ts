/** `vllm-slo gateway`: the metering reverse proxy until Ctrl-C. */
import { readFile } from 'node:fs/promises';
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
import { isLoopback } from '../../net/index.ts';
import {
  environmentThresholds,
  formatProblem,
  type GatewayTimeoutsSpec,
  parseDuration,
  readSpec,
} from '../../spec/index.ts';
import type { Output } from '../io.ts';

export interface GatewayFlags {
  environment: string;
  upstream?: string[];
  spec?: string;
  host: string;
  port: number;
  /** Upstream timeouts as given ("5s", "2m"); unset: the spec's, else the defaults. */
  connectTimeout?: string;
  responseTimeout?: string;
  idleTimeout?: string;
  totalTimeout?: string;
  apiKeyFile?: string;
  /** --trusted-proxies as given: "" (nobody), a hop count, or addresses and CIDRs. */
  trustedProxies: string;
  probeInterval: number;
  outlierConsecutive5xx: number;
  /** Durations as given ("30s", "5m"). */
  outlierBaseEjection: string;
  outlierMaxEjection: string;
  outlierMaxEjectionPercent: number;
  panicThreshold: number;
}

/** The outlier flags as gateway options; a message naming the flag when one is not valid. */
function outlierOptions(f: GatewayFlags): OutlierOptions | string {
  const ms: number[] = [];
  for (const [flag, value] of [
    ['--outlier-base-ejection', f.outlierBaseEjection],
    ['--outlier-max-ejection', f.outlierMaxEjection],
  ] as const) {
    try {
      ms.push(parseDuration(value));
    } catch (err) {
      return `${flag}: ${(err as Error).message}`;
    }
  }
  return {
    consecutive5xx: f.outlierConsecutive5xx,
    baseEjectionMs: ms[0] ?? 0,
    maxEjectionMs: ms[1] ?? 0,
    maxEjectionPercent: f.outlierMaxEjectionPercent,
    panicThresholdPercent: f.panicThreshold,
  };
}

/** The timeouts: a flag wins over the spec, the spec over the defaults; a message naming the flag when one is not valid. */
function timeouts(f: GatewayFlags, spec: GatewayTimeoutsSpec): Partial<GatewayTimeouts> | string {
  const out: Partial<GatewayTimeouts> = { ...spec };
  for (const [flag, key, value] of [
    ['--connect-timeout', 'connectMs', f.connectTimeout],
    ['--response-timeout', 'responseMs', f.responseTimeout],
    ['--idle-timeout', 'idleMs', f.idleTimeout],
    ['--total-timeout', 'totalMs', f.totalTimeout],
  ] as const) {
    if (value === undefined) continue;
    try {
      out[key] = parseDuration(value);
    } catch (err) {
      return `${flag}: ${(err as Error).message}`;
    }
    if (out[key] === 0) return `${flag}: must be above 0, got ${JSON.stringify(value)}`;
  }
  return out;
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
    return { ok: false as const };
  }
  const env = r.spec.environments.find((e) => e.name === f.environment);
  if (!env) {
    o.err(
      `${f.spec}: no environment ${JSON.stringify(f.environment)} (has ${r.spec.environments.map((e) => e.name).join(', ')})`,
    );
    return { ok: false as const };
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
  if (!spec.ok) return 1;
  const given = f.upstream && f.upstream.length > 0 ? f.upstream : spec.pods;
  if (given.length === 0) {
    o.err('vllm-slo gateway: no upstream pods: pass --upstream URL (repeatable) or list pods in the spec');
    return 2;
  }
  let upstreams: PodTarget[];
  try {
    upstreams = parseUpstreams(given);
  } catch (err) {
    o.err(`vllm-slo gateway: ${(err as Error).message}`);
    return 2;
  }
  let apiKey: string | undefined;
  if (f.apiKeyFile) {
    try {
      apiKey = (await readFile(f.apiKeyFile, 'utf8')).trim();
    } catch (err) {
      o.err(
        `${f.apiKeyFile}: cannot read the API key (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
      return 1;
    }
  }
  const outlier = outlierOptions(f);
  if (typeof outlier === 'string') {
    o.err(`vllm-slo gateway: ${outlier}`);
    return 2;
  }
  let trustedProxies: TrustedProxies;
  try {
    trustedProxies = parseTrustedProxies(f.trustedProxies ?? '');
  } catch (err) {
    o.err(`vllm-slo gateway: ${(err as Error).message}`);
    return 2;
  }
  const limits = timeouts(f, spec.timeouts);
  if (typeof limits === 'string') {
    o.err(`vllm-slo gateway: ${limits}`);
    return 2;
  }
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
    return 2;
  }
  try {
    await gw.start();
  } catch (err) {
    o.err(`vllm-slo gateway: cannot start: ${(err as Error).message}`);
    return 1;
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
  return 0;
}
