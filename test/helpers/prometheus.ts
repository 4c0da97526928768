/**
 * A real Prometheus for tests (Debian's package): started on a free port with
 * a temporary data directory, scraping the given targets every second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './tools.ts';

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

/** A port nothing listens on when it resolves (Prometheus's, or a pod that is down in a test). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts Prometheus scraping `targets` (host:port) at `metricsPath` every
 * second, evaluating `rules` (rule files' YAML texts); resolves when ready.
 */
export async function startPrometheus(
  targets: readonly string[],
  metricsPath = '/metrics',
  rules: readonly string[] = [],
): Promise<RunningPrometheus> {
  requireTool('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'vllm-slo-prom-'));
  const port = await freePort();
  const ruleFiles = rules.map((text, i) => {
    const file = join(dir, `rules-${i}.yaml`);
    writeFileSync(file, text);
    return JSON.stringify(file);
  });
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      ...(ruleFiles.length > 0 ? [`rule_files: [${ruleFiles.join(', ')}]`] : []),
      'scrape_configs:',
      '  - job_name: gateway',
      `    metrics_path: ${metricsPath}`,
      `    static_configs: [{ targets: [${targets.map((t) => `"${t}"`).join(', ')}] }]`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.status === 200) return { url, stop };
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`prometheus did not become ready:\n${log}`);
}
