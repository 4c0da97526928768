/**
 * The UI's static files, built in memory at startup: the browser code
 * bundled by esbuild (uPlot included, nothing fetched from a CDN, no network
 * at build time), the stylesheet (ours plus uPlot's) and the HTML shell.
 * Built once per process; a failed build is retried on the next call.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { APP_CSS_PATH, APP_JS_PATH, htmlShell } from './html-shell.ts';

export interface UiAsset {
  body: Buffer;
  contentType: string;
}

const ENTRY = fileURLToPath(new URL('./app/main.ts', import.meta.url));
const STYLES = fileURLToPath(new URL('./styles.css', import.meta.url));

async function version(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

async function bundle(): Promise<Buffer> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output for the UI bundle');
  return Buffer.from(out.contents);
}

async function stylesheet(): Promise<Buffer> {
  const uplotCss = createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css');
  const [ours, theirs] = await Promise.all([readFile(STYLES, 'utf8'), readFile(uplotCss, 'utf8')]);
  // uPlot's first, so the theme's rules for its legend win.
  return Buffer.from(`${theirs}\n${ours}`);
}

async function buildAll(): Promise<Map<string, UiAsset>> {
  const [js, css, v] = await Promise.all([bundle(), stylesheet(), version()]);
  const html: UiAsset = { body: Buffer.from(htmlShell(v)), contentType: 'text/html; charset=utf-8' };
  return new Map([
    ['/', html],
    ['/index.html', html],
    [APP_JS_PATH, { body: js, contentType: 'text/javascript; charset=utf-8' }],
    [APP_CSS_PATH, { body: css, contentType: 'text/css; charset=utf-8' }],
  ]);
}

let cached: Promise<Map<string, UiAsset>> | undefined;

/**
 * The UI's files by URL path: '/' and '/index.html' (the HTML shell, which
 * the server also sends for every non-API path), '/assets/app.js' and
 * '/assets/app.css'. Built on the first call (about a second), then cached
 * for the life of the process. Rejects when the bundle cannot be built.
 */
export function buildUiAssets(): Promise<Map<string, UiAsset>> {
  if (!cached) {
    cached = buildAll();
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}
