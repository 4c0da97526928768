/** A recording sink and a tiny /metrics server for the collector tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Collector,
  type CollectorDelta,
  type CollectorSink,
  type CollectorTarget,
  type ScrapeReport,
} from '../../src/collect/index.ts';
import type { GatewayMetrics } from '../../src/gateway/gateway-metrics.ts';

/** Keeps every call; take() hands them over and starts afresh. */
export class RecordingSink implements CollectorSink {
  adds: CollectorDelta[] = [];
  health: string[] = [];
  add(delta: CollectorDelta): void {
    this.adds.push(delta);
  }
  recordPodHealth(environment: string, pod: string, at: number, up: boolean, sampleSeconds: number): void {
    this.health.push(`${environment}/${pod}@${at} ${up ? 'up' : 'down'} ${sampleSeconds}s`);
  }
  take(): { adds: CollectorDelta[]; health: string[] } {
    const out = { adds: this.adds, health: this.health.sort() };
    this.adds = [];
    this.health = [];
    return out;
  }
}

/** The Basic credentials the test server demands (collector:s3cret). */
export const AUTH = `Basic ${Buffer.from('collector:s3cret').toString('base64')}`;

/** Serves the current registry's text at /metrics, behind Basic auth. */
export function serveGateway(metrics: () => GatewayMetrics, port = 0): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.headers.authorization !== AUTH) {
      res.writeHead(401).end();
      return;
    }
    void metrics()
      .text()
      .then((text) => res.writeHead(200, { 'content-type': metrics().contentType }).end(text));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Closes a server and its keep-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Serves whatever `body()` returns at every path, without auth. */
export function serveText(body: () => string): Promise<Server> {
  const server = createServer((_req, res) => res.writeHead(200).end(body()));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The one gateway target the collector tests scrape: `server`'s /metrics, as pod gw of dev. */
export function gatewayTarget(server: Server): CollectorTarget {
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`,
    environment: 'dev',
    pod: 'gw',
    kind: 'gateway',
  };
}

/** A collector over one text target whose body each scrape sets; see textScrapes. */
export interface TextScrapes {
  sink: RecordingSink;
  /** Serves `body`, moves the collector's clock on one 15 s interval, scrapes once. */
  scrape(body: string): Promise<ScrapeReport | undefined>;
  stop(): Promise<void>;
}

/**
 * A collector scraping gatewayTarget() of a text server on a fake clock, the
 * first scrape at 1,700,000,000,000 ms and every next one 15 s later: the
 * poison and limit tests feed it one body per scrape.
 */
export async function textScrapes(): Promise<TextScrapes> {
  let body = '';
  const server = await serveText(() => body);
  const sink = new RecordingSink();
  let clock = 1_700_000_000_000 - 15_000;
  const collector = new Collector({ targets: [gatewayTarget(server)], sink, now: () => clock });
  return {
    sink,
    async scrape(next) {
      body = next;
      clock += 15_000;
      const [report] = await collector.scrapeOnce();
      return report;
    },
    async stop() {
      await collector.stop();
      await closeServer(server);
    },
  };
}
