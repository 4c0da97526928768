/** A webhook receiver that records posts and can fail some, and small async helpers for the alerting tests. */
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as netServer } from 'node:net';

export interface Hook {
  url: string;
  /** Alertmanager's webhook payloads; `groupKey` names the notification group (PagerDuty's dedup key). */
  got: Array<{ status: string; groupKey?: string; alerts: Array<{ labels: Record<string, string> }> }>;
  /** Answer the next n posts with 503. */
  fail(n: number): void;
  close(): Promise<void>;
}

export async function webhook(): Promise<Hook> {
  const got: Hook['got'] = [];
  let failing = 0;
  const srv: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (failing > 0) {
        failing--;
        res.writeHead(503).end();
        return;
      }
      got.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`,
    got,
    fail: (n) => {
      failing = n;
    },
    close: () => new Promise((r) => srv.close(() => r())),
  };
}

/** A promise and its resolver. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
