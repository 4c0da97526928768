/** `vllm-slo gateway`: the metering reverse proxy until Ctrl-C. */
import {
  eventLevel,
  eventMessage,
  Gateway,
  type GatewayEvent,
  GatewaySpecError,
  gatewayOptionsFromSpec,
  parseTrustedProxies,
  type SpecGatewayOptions,
  type TrustedProxies,
} from '../../gateway/index.ts';
import { isLoopback, readSecretFile, SecretFileError } from '../../net/index.ts';
import { formatProblem, readSpec, type SloSpec } from '../../spec/index.ts';
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

/** One JSON line per pod state change, in pino's shape (level, time, msg), on stdout. */
function logLine(o: Output): (e: GatewayEvent) => void {
  return (e) => o.out(JSON.stringify({ level: eventLevel(e), time: Date.now(), ...e, msg: eventMessage(e) }));
}

/** The gateway's options from the spec (when given) and the flags, or the exit code after saying why not. */
async function fromSpecAndFlags(o: Output, f: GatewayFlags): Promise<SpecGatewayOptions | number> {
  let spec: SloSpec | undefined;
  if (f.spec) {
    const r = await readSpec(f.spec);
    if (!r.ok) {
      for (const p of r.problems) o.err(formatProblem(p));
      return EXIT.usage;
    }
    spec = r.spec;
  }
  try {
    return gatewayOptionsFromSpec(spec, f.environment, {
      ...(f.upstream ? { upstreams: f.upstream } : {}),
      timeouts: {
        connectMs: f.connectTimeout,
        responseMs: f.responseTimeout,
        idleMs: f.idleTimeout,
        totalMs: f.totalTimeout,
      },
      outlier: {
        consecutive5xx: f.outlierConsecutive5xx,
        baseEjectionMs: f.outlierBaseEjection,
        maxEjectionMs: f.outlierMaxEjection,
        maxEjectionPercent: f.outlierMaxEjectionPercent,
        panicThresholdPercent: f.panicThreshold,
      },
    });
  } catch (err) {
    if (!(err instanceof GatewaySpecError)) throw err;
    o.err(gatewaySpecMessage(err, f.spec));
    // Each is a usage error: a flag naming what the spec lacks (as status --env), or no or bad upstreams.
    return EXIT.usage;
  }
}

function gatewaySpecMessage(err: GatewaySpecError, specPath: string | undefined): string {
  switch (err.code) {
    case 'unknown_environment':
      return `--environment: no environment ${JSON.stringify(err.value)} in ${specPath} (has ${err.expected})`;
    case 'no_upstreams':
      return 'vllm-slo gateway: no upstream pods: pass --upstream URL (repeatable) or list pods in the spec';
    case 'invalid_upstreams':
      // The URLs were checked as flags were parsed; pod names and duplicates are checked here.
      return `vllm-slo gateway: --${err.message}`;
    case 'invalid_spec_pods':
      return `vllm-slo gateway: ${specPath} pods: ${err.message}`;
  }
}

export async function gatewayCommand(
  o: Output,
  f: GatewayFlags,
  until: () => Promise<void>,
): Promise<number> {
  const options = await fromSpecAndFlags(o, f);
  if (typeof options === 'number') return options;
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
  let trustedProxies: TrustedProxies;
  try {
    trustedProxies = parseTrustedProxies(f.trustedProxies ?? '');
  } catch (err) {
    o.err(`vllm-slo gateway: ${(err as Error).message}`);
    return EXIT.usage;
  }
  let gw: Gateway;
  try {
    gw = new Gateway({
      ...options,
      trustedProxies,
      host: f.host,
      port: f.port,
      probeIntervalMs: f.probeInterval * 1000,
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
