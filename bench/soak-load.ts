/**
 * The soak's load generator, in its own process (forked with IPC by
 * soak-bench.ts) so that its work is not in the figures of the processes
 * under test. Open loop at a fixed rate: a request leaves every 1/rate s
 * whether or not earlier ones have answered. Each request of the mix
 * (soak-mix.ts) goes to the gateway and, the same bytes and the same
 * cancellation, to the peer. Every 10 s it reads serve's API as the UI does.
 *
 *   argv: one JSON LoadConfig
 *   <- 'stop'  -> { type: 'done', gateway, peer, api } once every request has ended (or 30 s)
 */
import { Agent, request } from 'node:http';
import { seededRng } from '../src/sim/index.ts';
import { nextRequest, type RequestKind, type RequestPlan } from './soak-mix.ts';

export interface LoadConfig {
  gateway: string;
  peer: string;
  serve: string;
  model: string;
  rate: number;
  seed: number;
}

/** What one target answered, per kind of request. */
export interface KindCounts {
  sent: number;
  /** Answers by status (the head arrived), e.g. { "200": 812, "413": 9 }. */
  statuses: Record<string, number>;
  /** Requests this client abandoned on purpose (the mix's cancellations). */
  cancelled: number;
  /** Connection errors and resets not caused by this client. */
  failed: number;
}

export type TargetCounts = Partial<Record<RequestKind, KindCounts>>;

export interface DoneMessage {
  type: 'done';
  gateway: TargetCounts;
  peer: TargetCounts;
  /** serve's API reads: answered 200, and anything else. */
  api: { ok: number; other: number };
  /** Requests still unanswered when the generator gave up waiting. */
  outstanding: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const rng = seededRng(config.seed);
// A client abandons a request it has no answer to after this long (the gateway's response timeout is shorter).
const CLIENT_TIMEOUT_MS = 30_000;
const API_PATHS = [
  '/api/v1/status',
  '/api/v1/pods',
  '/api/v1/alerts',
  '/api/v1/objectives/production/availability?range=1h',
  '/api/v1/objectives/production/latency-p95?range=1d',
];

function agentFor(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 256 });
}

const targets = {
  gateway: { base: config.gateway, agent: agentFor(), counts: {} as TargetCounts },
  peer: { base: config.peer, agent: agentFor(), counts: {} as TargetCounts },
};
const api = { ok: 0, other: 0 };
let outstanding = 0;

function counts(t: TargetCounts, kind: RequestKind): KindCounts {
  let c = t[kind];
  if (!c) {
    c = { sent: 0, statuses: {}, cancelled: 0, failed: 0 };
    t[kind] = c;
  }
  return c;
}

function send(target: (typeof targets)[keyof typeof targets], plan: RequestPlan): void {
  const c = counts(target.counts, plan.kind);
  c.sent++;
  outstanding++;
  let settled = false;
  const settle = (fn: () => void) => {
    if (settled) return;
    settled = true;
    outstanding--;
    clearTimeout(abortTimer);
    fn();
  };
  const length = plan.declaredLength ?? Buffer.byteLength(plan.body);
  const req = request(`${target.base}${plan.path}`, {
    method: plan.method,
    agent: target.agent,
    headers: plan.method === 'POST' ? { 'content-type': 'application/json', 'content-length': length } : {},
  });
  const abortAfter = plan.abortAfterMs ?? (plan.declaredLength ? 2000 : CLIENT_TIMEOUT_MS);
  const abortTimer = setTimeout(() => {
    settle(() => {
      if (plan.abortAfterMs === undefined && !plan.declaredLength) c.failed++;
      else c.cancelled++;
    });
    req.destroy();
  }, abortAfter);
  req.on('response', (res) => {
    const status = String(res.statusCode ?? 0);
    c.statuses[status] = (c.statuses[status] ?? 0) + 1;
    res.on('data', () => {});
    res.on('end', () => {
      settle(() => {});
      // The body was declared, never sent: this connection cannot carry another request.
      if (plan.declaredLength) req.destroy();
    });
    res.on('error', () => settle(() => c.failed++));
  });
  req.on('error', () => settle(() => c.failed++));
  if (plan.declaredLength) req.flushHeaders();
  else req.end(plan.body);
}

async function readApi(): Promise<void> {
  for (const path of API_PATHS) {
    try {
      const r = await fetch(`${config.serve}${path}`);
      await r.arrayBuffer();
      if (r.status === 200) api.ok++;
      else api.other++;
    } catch {
      api.other++;
    }
  }
}

const start = performance.now();
const interval = 1000 / config.rate;
let sent = 0;
// A 5 ms tick sends every request whose slot has come, so the schedule catches up instead of drifting.
const sender = setInterval(() => {
  const now = performance.now();
  while (start + sent * interval <= now) {
    const plan = nextRequest(config.model, rng);
    send(targets.gateway, plan);
    send(targets.peer, plan);
    sent++;
  }
}, 5);
const reader = setInterval(() => void readApi(), 10_000);

process.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(sender);
  clearInterval(reader);
  const waitStarted = performance.now();
  const waiter = setInterval(() => {
    if (outstanding > 0 && performance.now() - waitStarted < CLIENT_TIMEOUT_MS) return;
    clearInterval(waiter);
    const done: DoneMessage = {
      type: 'done',
      gateway: targets.gateway.counts,
      peer: targets.peer.counts,
      api,
      outstanding,
    };
    process.send?.(done, () => process.exit(0));
  }, 50);
});
