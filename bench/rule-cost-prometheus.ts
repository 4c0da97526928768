/**
 * The real Prometheus of the rule-cost benchmark: backfills OpenMetrics files
 * and recorded series with promtool, serves them from a data directory on
 * 127.0.0.1 (no scraping, no rule evaluation), and answers instant queries
 * with `stats=all` (Prometheus 2.42 reports data.stats.samples.totalQueryableSamples:
 * the samples the query read from storage).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';

/** Runs promtool on each file, `parallel` at a time (the machine has two cores). */
export async function backfillOpenMetrics(
  files: readonly string[],
  dataDir: string,
  parallel = 2,
): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      await run(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', files[i] ?? '', dataDir]);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** What one instant query with stats=all returned. */
export interface QueryStats {
  series: number;
  samples: number;
  seconds: number;
}

interface QueryResponse {
  status: string;
  error?: string;
  data?: {
    result: unknown[];
    stats?: { timings: { evalTotalTime: number }; samples?: { totalQueryableSamples: number } };
  };
}

export class BenchPrometheus {
  private child: ChildProcess | undefined;
  private url = '';

  constructor(private readonly dir: string) {}

  /** Starts Prometheus on the data directory and waits until it is ready. */
  async start(): Promise<void> {
    const config = join(this.dir, 'prometheus.yml');
    writeFileSync(config, 'global:\n  evaluation_interval: 1m\n');
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(
      PROMETHEUS,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=400d',
        // No compaction of the backfilled 2h blocks while the benchmark measures.
        '--storage.tsdb.max-block-duration=2h',
        '--query.max-samples=2000000000',
        '--query.timeout=10m',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    this.child.stderr?.on('data', (d: Buffer) => {
      log = (log + d.toString()).slice(-4000);
    });
    for (let i = 0; i < 600; i++) {
      if (this.child.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
      try {
        if ((await fetch(`${this.url}/-/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`prometheus not ready after 150 s:\n${log}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** One instant query at `at` (ms); its result size and the samples it read. */
  async instant(query: string, at: number): Promise<QueryStats> {
    const body = new URLSearchParams({ query, time: String(at / 1000), stats: 'all' });
    const r = (await (
      await fetch(`${this.url}/api/v1/query`, { method: 'POST', body })
    ).json()) as QueryResponse;
    if (r.status !== 'success' || !r.data) throw new Error(`query failed: ${r.error ?? r.status}\n${query}`);
    return {
      series: r.data.result.length,
      samples: r.data.stats?.samples?.totalQueryableSamples ?? Number.NaN,
      seconds: r.data.stats?.timings.evalTotalTime ?? Number.NaN,
    };
  }

  /** The single value of an instant query, or NaN. */
  async value(query: string, at: number): Promise<number> {
    const body = new URLSearchParams({ query, time: String(at / 1000) });
    const r = (await (await fetch(`${this.url}/api/v1/query`, { method: 'POST', body })).json()) as {
      data?: { result: Array<{ value: [number, string] }> };
    };
    return Number(r.data?.result[0]?.value[1] ?? Number.NaN);
  }

  /**
   * Backfills recording rules the way Prometheus would have recorded them:
   * each expression as a range query at its group's interval from `start`
   * to `end` (what `promtool tsdb create-blocks-from rules` does, which takes
   * a query and a block per rule and 2-hour range: 15 minutes for 31 days
   * here), written as one OpenMetrics file per day, then imported with
   * promtool and served after a restart.
   */
  async backfillRecords(
    rules: ReadonlyArray<{ name: string; expr: string; labels: Record<string, string>; stepMs: number }>,
    start: number,
    end: number,
  ): Promise<void> {
    const days = new Map<number, string[]>();
    // Sorted by name, so each metric family's lines stay together in a file (OpenMetrics).
    for (const rule of [...rules].sort((a, b) => a.name.localeCompare(b.name))) {
      // Whole days per query (one file per day), under Prometheus's 11,000 points per series.
      const chunk = Math.max(1, Math.floor((rule.stepMs * 10_000) / 86_400_000)) * 86_400_000;
      for (let from = start; from < end; from += chunk) {
        const to = Math.min(end, from + chunk - rule.stepMs);
        const body = new URLSearchParams({
          query: rule.expr,
          start: String(from / 1000),
          end: String(to / 1000),
          step: String(rule.stepMs / 1000),
        });
        const r = (await (
          await fetch(`${this.url}/api/v1/query_range`, { method: 'POST', body })
        ).json()) as {
          status: string;
          error?: string;
          data?: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
        };
        if (r.status !== 'success' || !r.data)
          throw new Error(`range query failed: ${r.error}\n${rule.expr}`);
        for (const series of r.data.result) {
          const labels = { ...series.metric, ...rule.labels };
          delete labels.__name__;
          const text = Object.entries(labels)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => `${k}="${v}"`)
            .join(',');
          for (const [t, v] of series.values) {
            const day = Math.floor((t * 1000 - start) / 86_400_000);
            const lines = days.get(day) ?? [];
            lines.push(`${rule.name}{${text}} ${v} ${t}`);
            days.set(day, lines);
          }
        }
      }
    }
    await this.stop();
    const dir = join(this.dir, 'records');
    mkdirSync(dir, { recursive: true });
    const files = [...days.entries()].map(([day, lines]) => {
      const file = join(dir, `day-${day}.om`);
      writeFileSync(file, `${lines.join('\n')}\n# EOF\n`);
      return file;
    });
    await backfillOpenMetrics(files, join(this.dir, 'data'));
    await this.start();
  }
}
