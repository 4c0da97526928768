/**
 * What `serve` scrapes, per environment, from the spec's `source`: the pods'
 * vLLM /metrics where the source is vllm, the gateways named by
 * `--scrape-gateway ENV=URL` where it is gateway. Never both for one
 * environment: a gateway counts the requests it forwards to the same pods,
 * so the embedded store would count each request twice.
 */
import type { CollectorTarget } from '../collect/index.ts';
import { parseUpstreams } from '../gateway/index.ts';
import type { SloSpec } from '../spec/index.ts';

/** A `--scrape-gateway` value `serve` cannot use; the CLI exits 2 (usage) with its message. */
export class ScrapeTargetError extends Error {
  constructor(
    readonly code: 'malformed' | 'unknown_environment' | 'double_count',
    readonly value: string,
    readonly expected: string,
  ) {
    super(`--scrape-gateway ${JSON.stringify(value)}: ${expected}`);
    this.name = 'ScrapeTargetError';
  }
}

/** The targets, and one line per environment that lists pods nothing will scrape. */
export interface ScrapePlan {
  targets: CollectorTarget[];
  notes: string[];
}

function gatewayTarget(spec: SloSpec, flag: string): CollectorTarget {
  const eq = flag.indexOf('=');
  const names = spec.environments.map((e) => e.name).join(', ');
  if (eq <= 0) throw new ScrapeTargetError('malformed', flag, `expected ENV=URL with ENV one of ${names}`);
  const environment = flag.slice(0, eq);
  const env = spec.environments.find((e) => e.name === environment);
  if (env === undefined)
    throw new ScrapeTargetError('unknown_environment', flag, `expected ENV=URL with ENV one of ${names}`);
  if (env.source === 'vllm')
    throw new ScrapeTargetError(
      'double_count',
      flag,
      `${environment} is measured by vLLM's own metrics (environments.${environment}.source: vllm): serve scrapes its pods, and a gateway counts the same requests, so scraping both would count every request twice; drop the flag, or set source: gateway to measure ${environment} by its gateway`,
    );
  return { url: flag.slice(eq + 1), environment, pod: `gateway-${environment}`, kind: 'gateway' };
}

/**
 * The collector's targets for `serve`.
 * @throws ScrapeTargetError for a malformed flag, an unknown environment, or
 *   a gateway of an environment whose source is vllm (a double count).
 */
export function scrapePlan(spec: SloSpec, gateways: readonly string[]): ScrapePlan {
  const scraped = gateways.map((g) => gatewayTarget(spec, g));
  const targets: CollectorTarget[] = [];
  const notes: string[] = [];
  for (const env of spec.environments) {
    if (env.pods.length === 0) continue;
    if (env.source === 'gateway') {
      if (!scraped.some((t) => t.environment === env.name))
        notes.push(
          `${env.name}: measured by its gateway (source: gateway) and no --scrape-gateway ${env.name}=URL given: its pods are not scraped (set source: vllm to read their vLLM metrics)`,
        );
      continue;
    }
    for (const p of parseUpstreams(env.pods))
      targets.push({
        url: `${p.url.replace(/\/$/, '')}/metrics`,
        environment: env.name,
        pod: p.name,
        kind: 'vllm',
      });
  }
  return { targets: [...targets, ...scraped], notes };
}
