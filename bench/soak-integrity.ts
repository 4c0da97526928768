/**
 * The soak's data-integrity figure: after the load stops and serve has
 * scraped the gateway once more, the embedded store's requests, errors and
 * cancellations must equal the gateway's own counters (what the collector
 * has not scraped yet is the only allowed difference, and with the load
 * stopped there is none).
 */
import { SloStore } from '../src/store/index.ts';

/** Sums of the gateway's counters, by metric name, and by one label where asked. */
export interface GatewayCounters {
  requests: number;
  errors: number;
  cancellations: number;
  /** vllm_gateway_rejections_total by reason. */
  rejections: Record<string, number>;
  /** vllm_upstream_attempts_total by outcome. */
  attempts: Record<string, number>;
  /** vllm_pod_ejections_total by reason. */
  ejections: Record<string, number>;
  /** vllm_errors_total by error_type. */
  errorTypes: Record<string, number>;
}

export interface Integrity {
  gateway: GatewayCounters;
  store: { requests: number; errors: number; cancellations: number };
  /** store minus gateway; 0 everywhere when nothing was lost or invented. */
  difference: { requests: number; errors: number; cancellations: number };
}

function add(into: Record<string, number>, key: string, v: number): void {
  into[key] = (into[key] ?? 0) + v;
}

/** Parses the gateway's /metrics text into the sums above. */
export function gatewayCounters(text: string): GatewayCounters {
  const c: GatewayCounters = {
    requests: 0,
    errors: 0,
    cancellations: 0,
    rejections: {},
    attempts: {},
    ejections: {},
    errorTypes: {},
  };
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const [, name, labels = '', raw] = m;
    const v = Number(raw);
    const label = (l: string) => new RegExp(`${l}="([^"]*)"`).exec(labels)?.[1] ?? '';
    if (name === 'vllm_requests_total') c.requests += v;
    else if (name === 'vllm_errors_total') {
      c.errors += v;
      add(c.errorTypes, `${label('error_class')}:${label('error_type')}`, v);
    } else if (name === 'vllm_client_cancellations_total') c.cancellations += v;
    else if (name === 'vllm_gateway_rejections_total') add(c.rejections, label('reason'), v);
    else if (name === 'vllm_upstream_attempts_total') add(c.attempts, label('outcome'), v);
    else if (name === 'vllm_pod_ejections_total') add(c.ejections, label('reason'), v);
  }
  return c;
}

/** The gateway's counters now. */
export async function readGateway(gatewayUrl: string): Promise<GatewayCounters> {
  const r = await fetch(`${gatewayUrl}/metrics`);
  return gatewayCounters(await r.text());
}

/** The store's totals for `environment` over all time; open it only once serve has stopped. */
export function readStore(db: string, environment: string): Integrity['store'] {
  const store = SloStore.open(db);
  try {
    const w = store.window(environment, 0, Date.now() + 3_600_000);
    return { requests: w.requests, errors: w.errorsTotal, cancellations: w.cancellations };
  } finally {
    store.close();
  }
}

/** The gateway's counters against the store's. */
export function compare(gateway: GatewayCounters, store: Integrity['store']): Integrity {
  return {
    gateway,
    store,
    difference: {
      requests: store.requests - gateway.requests,
      errors: store.errors - gateway.errors,
      cancellations: store.cancellations - gateway.cancellations,
    },
  };
}
