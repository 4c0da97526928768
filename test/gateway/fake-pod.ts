/**
 * A scripted upstream for the gateway's edge cases: /health and /v1/models as
 * a vLLM pod answers them, completions answered by the test's own handler,
 * so a test can send bodies and SSE chunk boundaries the simulator never does.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gateway, type GatewayOptions, type RequestMeasurement } from '../../src/gateway/index.ts';

export const FAKE_MODEL = 'fake/model';

export interface FakeRig {
  gateway: Gateway;
  measured: RequestMeasurement[];
  stop(): Promise<void>;
}

/** Starts a fake pod answering completions with `handler`, and a gateway in front of it. */
export async function fakeRig(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: Partial<GatewayOptions> = {},
): Promise<FakeRig> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/health') {
      res.end();
      return;
    }
    if (req.url === '/v1/models') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ object: 'list', data: [{ id: FAKE_MODEL, object: 'model' }] }));
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const measured: RequestMeasurement[] = [];
  const gateway = new Gateway({
    environment: 'production',
    upstreams: [{ name: 'fake-0', url }],
    probeIntervalMs: 60_000,
    sink: { record: (m) => measured.push(m) },
    ...options,
  });
  await gateway.start();
  return {
    gateway,
    measured,
    async stop() {
      await gateway.stop(1000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends one chat request through the gateway; resolves with status and body bytes. */
export function post(
  base: string,
  body: object,
  opts: { delayReadMs?: number } = {},
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      const read = () => {
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
        // After an explicit pause() a data listener alone does not restart the flow.
        res.resume();
      };
      // A slow reader: the gateway must hold the upstream back instead of buffering without bound.
      if (opts.delayReadMs) {
        res.pause();
        setTimeout(read, opts.delayReadMs);
      } else read();
    });
    req.on('error', reject);
    req.end(JSON.stringify({ model: FAKE_MODEL, messages: [{ role: 'user', content: 'x' }], ...body }));
  });
}

/** Writes `parts` one by one with a pause between them, so each arrives as its own chunk. */
export async function writeParts(res: ServerResponse, parts: readonly (string | Buffer)[]): Promise<void> {
  for (const p of parts) {
    res.write(p);
    await new Promise((r) => setTimeout(r, 15));
  }
  res.end();
}
