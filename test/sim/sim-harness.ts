/** Starting simulated pods for tests, and raw HTTP helpers. */
import { request } from 'node:http';
import { after, before } from 'node:test';
import OpenAI from 'openai';
import { type PodOptions, profile, realClock, SimPod } from '../../src/sim/index.ts';

/** A pod on a free port; `stop` it in a finally. */
export async function startPod(overrides: Partial<PodOptions> = {}): Promise<SimPod> {
  const pod = new SimPod({ name: 'vllm-test-0', profile: profile('7b'), port: 0, seed: 42, ...overrides });
  await pod.start();
  return pod;
}

/** A fast pod: the 7b model on a clock 50x faster than real time. */
export function fastPod(overrides: Partial<PodOptions> = {}): Promise<SimPod> {
  return startPod({ clock: realClock(50), ...overrides });
}

/** One fast pod and its client shared by a describe block: started before its tests, stopped after. */
export function fastPodForSuite(): { readonly pod: SimPod; readonly client: OpenAI } {
  const suite = {} as { pod: SimPod; client: OpenAI };
  before(async () => {
    suite.pod = await fastPod();
    suite.client = client(suite.pod);
  });
  after(() => suite.pod.stop());
  return suite;
}

export function client(pod: SimPod): OpenAI {
  return new OpenAI({
    baseURL: `${pod.url}/v1`,
    apiKey: 'sk-test-not-a-secret',
    maxRetries: 0,
    timeout: 30_000,
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with Node's own client, body as text (for byte-exact checks). */
export function raw(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers: { 'content-type': 'application/json', ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Body of a chat request. */
export function chatBody(model: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'Say hello.' }],
    max_tokens: 5,
    ...extra,
  });
}
