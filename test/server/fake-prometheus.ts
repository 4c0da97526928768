/**
 * A stand-in for the few Prometheus HTTP API endpoints the Prometheus source
 * calls (query, query_range, alerts), for the server's route tests: no real
 * Prometheus is needed to see what serve answers when Prometheus answers
 * nothing, answers an error, refuses the credentials, or is gone.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers: normally, with a query error (HTTP 503), or refusing the credentials (401). */
export type FakeMode = 'ok' | 'failing' | 'refusing';

export interface FakePrometheus {
  url: string;
  mode: FakeMode;
  /** The PromQL of every query received, in order. */
  queries: string[];
  stop(): Promise<void>;
}

/** Pods whose vllm_pod_up the fake reports (1 for the first, 0 for the second). */
export const FAKE_PODS = ['vllm-production-0', 'vllm-production-1'] as const;

/** One pending alert, as Prometheus's /api/v1/alerts lists it. */
export const FAKE_ALERT = {
  labels: {
    alertname: 'VllmErrorBudgetBurn',
    severity: 'page',
    environment: 'production',
    slo: 'availability',
  },
  annotations: { summary: 'production availability is burning its error budget' },
  state: 'pending',
  activeAt: '2026-03-02T00:58:00Z',
  value: '1e+00',
};

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the fake on a free loopback port. Every query but vllm_pod_up's returns no series. */
export async function startFakePrometheus(): Promise<FakePrometheus> {
  const fake: FakePrometheus = { url: '', mode: 'ok', queries: [], stop: async () => {} };
  const server = createServer((req, res) => {
    void (async () => {
      const params = await form(req);
      const query = params.get('query') ?? '';
      if (query) fake.queries.push(query);
      if (fake.mode === 'refusing') return reply(res, 401, 'unauthorized');
      if (fake.mode === 'failing')
        return reply(res, 503, { status: 'error', errorType: 'unavailable', error: 'the TSDB is not ready' });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/api/v1/alerts')
        return reply(res, 200, { status: 'success', data: { alerts: [FAKE_ALERT] } });
      if (path === '/api/v1/query_range')
        return reply(res, 200, { status: 'success', data: { resultType: 'matrix', result: [] } });
      const at = Number(params.get('time') ?? 0);
      const result =
        query.includes('vllm_pod_up') && query.includes('"production"')
          ? FAKE_PODS.map((pod, i) => ({ metric: { pod }, value: [at, String(1 - i)] }))
          : [];
      return reply(res, 200, { status: 'success', data: { resultType: 'vector', result } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}
