/**
 * The processes of the gateway benchmark: the upstream and the three proxies
 * in front of it, each its own process (nginx: a master and its workers), on
 * loopback. Each start function resolves once the process answers, with a
 * LoadTarget for bench/gateway-load.ts.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ROOT, spawnNode, waitForLine } from './children.ts';
import type { LoadTarget } from './gateway-load.ts';
import { childPids, spawnTracked, trackPid } from './gateway-procs.ts';

/** A started proxy (or the upstream) and how to load it. */
export interface Started {
  child: ChildProcess;
  target: LoadTarget;
}

const CHAT_PATH = '/v1/chat/completions';
export const PORTKEY_SCRIPT = resolve(ROOT, 'node_modules/@portkey-ai/gateway/build/start-server.js');

/** A port that was free a moment ago (for servers that cannot be told to pick one and say which). */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

/** Polls `url` until it answers 200 (or fails after `timeoutMs`). */
async function until200(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status === 200) return;
      last = `status ${r.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (${last})`);
}

/** Waits for the `listening <url>`-style line, then keeps draining stdout so the child never blocks on it. */
export async function ready(child: ChildProcess, pattern: RegExp, timeoutMs?: number): Promise<string> {
  const m = await waitForLine(child, pattern, timeoutMs);
  child.stdout?.resume();
  return m[1] ?? '';
}

/** The minimal upstream (bench/gateway-upstream.ts); its URL is the direct target's base. */
export async function startUpstream(chunkMs: number): Promise<Started & { base: string }> {
  const child = spawnNode('upstream', ['--import', 'tsx', 'bench/gateway-upstream.ts', '0', String(chunkMs)]);
  const base = await ready(child, /listening (http:\S+)/);
  return { child, base, target: { name: 'direct', url: `${base}${CHAT_PATH}`, headers: {}, pids: [] } };
}

/**
 * nginx as a plain reverse proxy with a pool of keep-alive upstream
 * connections, its config generated into `tmpDir`. `workers` is 1 (like the
 * one Node.js process of each Node proxy) or 'auto' (one per core).
 */
export async function startNginx(upstream: string, tmpDir: string, workers: 1 | 'auto'): Promise<Started> {
  const name = workers === 1 ? 'nginx' : 'nginx-auto';
  const prefix = join(tmpDir, name);
  mkdirSync(prefix, { recursive: true });
  const port = await freePort();
  const up = new URL(upstream);
  const conf = `
worker_processes ${workers};
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  # The Node servers keep a client connection for any number of requests; nginx's default is 1,000.
  keepalive_requests 1000000;
  upstream pods {
    server ${up.host};
    keepalive 128;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / {
      proxy_pass http://pods;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 600s;
    }
  }
}
`;
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, conf);
  const child = spawnTracked(name, 'nginx', ['-p', prefix, '-e', `${prefix}/error.log`, '-c', file]);
  await until200(`http://127.0.0.1:${port}/health`);
  const master = child.pid ?? 0;
  const pids = childPids(master);
  if (pids.length === 0) throw new Error(`${name}: no worker processes under master ${master}`);
  for (const pid of pids) trackPid(pid, 'nginx');
  return { child, target: { name, url: `http://127.0.0.1:${port}${CHAT_PATH}`, headers: {}, pids } };
}

/** Portkey's AI gateway from npm, routed to the upstream by its request headers. */
export async function startPortkey(upstream: string): Promise<Started> {
  if (!existsSync(PORTKEY_SCRIPT))
    throw new Error(
      `Portkey's gateway is not installed (no ${PORTKEY_SCRIPT}): run \`npm install --save-dev @portkey-ai/gateway\``,
    );
  const port = await freePort();
  // --headless: no web UI and no log page, its leanest mode.
  const child = spawnNode('portkey', [PORTKEY_SCRIPT, `--port=${port}`, '--headless']);
  await ready(child, /(Ready for connections)/, 30_000);
  return {
    child,
    target: {
      name: 'portkey',
      url: `http://127.0.0.1:${port}${CHAT_PATH}`,
      headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream}/v1` },
      pids: [child.pid ?? 0],
    },
  };
}

/** `vllm-slo gateway` as a user runs it; with `profileDir`, under `node --cpu-prof`. */
export async function startVllmSlo(upstream: string, profileDir?: string): Promise<Started> {
  const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawnNode('vllm-slo', [
    ...prof,
    'bin/vllm-slo.js',
    'gateway',
    '--environment',
    'production',
    '--upstream',
    upstream,
    '--port',
    '0',
  ]);
  const base = await ready(child, /gateway for \S+ at (http:\S+)/, 30_000);
  return {
    child,
    target: { name: 'vllm-slo', url: `${base}${CHAT_PATH}`, headers: {}, pids: [child.pid ?? 0] },
  };
}

/**
 * One request through `t` must come back 200 with a chat.completion, before
 * any load: a proxy that answers errors fast would otherwise look fast.
 */
export async function checkTarget(t: LoadTarget, body: string): Promise<void> {
  const r = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...t.headers },
    body,
  });
  const text = await r.text();
  let content: unknown;
  try {
    content = (JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]
      ?.message?.content;
  } catch {
    content = undefined;
  }
  if (r.status !== 200 || typeof content !== 'string')
    throw new Error(
      `${t.name}: POST ${t.url} answered ${r.status}, not a chat.completion: ${text.slice(0, 300)}`,
    );
}

/** The Debian nginx and npm Portkey versions, for the report. */
export function versions(): { nginx: string; portkey: string } {
  const pkg = resolve(ROOT, 'node_modules/@portkey-ai/gateway/package.json');
  const portkey = existsSync(pkg)
    ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version
    : 'n/a';
  // nginx -v writes to stderr: "nginx version: nginx/1.22.1".
  const v = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  const nginx = /nginx\/(\S+)/.exec(`${v.stderr ?? ''}${v.stdout ?? ''}`)?.[1] ?? 'not installed';
  return { nginx, portkey };
}
