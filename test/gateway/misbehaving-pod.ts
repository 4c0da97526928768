/**
 * An upstream that misbehaves on purpose, on a raw TCP server so it can do
 * what no HTTP library lets it: hang after accepting, reset after reading the
 * request, answer bytes that are not HTTP, cut a chunked body. /health and
 * /v1/models answer as a vLLM pod does (so the gateway keeps it in
 * rotation); completion requests go to the test's behaviour, and each one
 * read whole is counted (`reached`).
 */

import { request } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';

export const MODEL = 'fake/model';

/** A completion request as the pod read it. */
export interface PodRequest {
  path: string;
  body: Record<string, unknown>;
}

/** What the pod does with a completion request it has read. */
export type Behaviour = (socket: Socket, req: PodRequest) => unknown;

export interface MisbehavingPod {
  url: string;
  /** Completion requests read whole. */
  reached: number;
  /** Stops listening: new connections are refused; open ones stay. */
  refuse(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a pod answering completion requests with `behaviour`. */
export async function misbehavingPod(behaviour: Behaviour): Promise<MisbehavingPod> {
  const sockets = new Set<Socket>();
  const pod: MisbehavingPod = {
    url: '',
    reached: 0,
    // close() stops listening at once; its callback waits for the open connections, which stay.
    refuse: () =>
      new Promise<void>((resolve) => {
        server.close();
        setImmediate(resolve);
      }),
    async stop() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    readRequests(socket, (path, body) => {
      if (path === '/health') return reply(socket, 200, '');
      if (path === '/v1/models')
        return reply(socket, 200, JSON.stringify({ object: 'list', data: [{ id: MODEL, object: 'model' }] }));
      pod.reached++;
      void behaviour(socket, { path, body: JSON.parse(body || '{}') as Record<string, unknown> });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  pod.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return pod;
}

/** Reads HTTP/1.1 requests with a Content-Length body off a keep-alive socket. */
function readRequests(socket: Socket, onRequest: (path: string, body: string) => void): void {
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buf.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      const body = buf.subarray(end + 4, end + 4 + length).toString('utf8');
      buf = buf.subarray(end + 4 + length);
      onRequest(head.split(' ')[1] ?? '/', body);
    }
  });
}

/** A whole response with a Content-Length. */
export function reply(socket: Socket, status: number, body: string, type = 'application/json'): void {
  socket.write(
    `HTTP/1.1 ${status} X\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Response headers of an SSE stream (chunked); then `chunk()` each part, `endChunked()` to finish. */
export function sseHeaders(socket: Socket): void {
  socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n');
}

export function chunk(socket: Socket, data: string | Buffer): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  socket.write(`${bytes.length.toString(16)}\r\n`);
  socket.write(bytes);
  socket.write('\r\n');
}

export function endChunked(socket: Socket): void {
  socket.write('0\r\n\r\n');
}

/** A client's view of one request: status, the bytes it got, and whether the response was cut. */
export interface ClientView {
  status: number;
  body: Buffer;
  cut: boolean;
}

/** POSTs a chat completion to the gateway and reads the response as far as it goes. */
export function post(base: string, body: object, path = '/v1/chat/completions'): Promise<ClientView> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      const done = (cut: boolean) =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), cut });
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(false));
      res.on('aborted', () => done(true));
      res.on('error', () => done(true));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x' }], ...body }));
  });
}
