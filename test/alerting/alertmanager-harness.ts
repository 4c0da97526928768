/**
 * A real Alertmanager for the delivery tests (Debian's prometheus-alertmanager):
 * a routing-only configuration, a temporary storage directory and a free
 * port; skips the test when the tool is missing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '../helpers/tools.ts';
import { freePort } from './webhook-harness.ts';

export interface RunningAlertmanager {
  url: string;
  /** The alerts Alertmanager holds active now (GET /api/v2/alerts?active=true). */
  active(): Promise<Array<{ labels: Record<string, string> }>>;
  /** Kills it, waits for it to exit, and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts Alertmanager (routing-only unless given a configuration) and
 * resolves once /-/ready answers (or after 10 s of trying).
 */
export async function startAlertmanager(
  config = 'route: { receiver: none }\nreceivers: [{ name: none }]\n',
): Promise<RunningAlertmanager> {
  requireTool('prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'vllm-slo-am-'));
  writeFileSync(join(dir, 'am.yml'), config);
  const port = await freePort();
  const am = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${join(dir, 'am.yml')}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: parallel test runs would otherwise fight over the cluster port.
      '--cluster.listen-address=',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    active: async () =>
      (await (await fetch(`${url}/api/v2/alerts?active=true`)).json()) as Array<{
        labels: Record<string, string>;
      }>,
    stop: async () => {
      const exited = new Promise((r) => (am.exitCode !== null ? r(null) : am.once('exit', r)));
      am.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
