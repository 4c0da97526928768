/**
 * The UI's assets as the server will send them: the four paths, an HTML
 * shell that references only local files and holds no inline script (the
 * server's CSP forbids them), and a bundle and stylesheet that reach no
 * other host, so the UI works with no internet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_CSS_PATH, APP_JS_PATH, buildUiAssets } from '../../src/ui/index.ts';

const assets = await buildUiAssets();
const text = (path: string) => assets.get(path)?.body.toString('utf8') ?? assert.fail(`no asset ${path}`);

describe('UI assets', () => {
  it('are the shell, the bundle and the stylesheet, with their content types', () => {
    assert.deepEqual([...assets.keys()].sort(), ['/', '/assets/app.css', '/assets/app.js', '/index.html']);
    assert.equal(assets.get('/')?.contentType, 'text/html; charset=utf-8');
    assert.equal(assets.get('/index.html'), assets.get('/'));
    assert.equal(assets.get(APP_JS_PATH)?.contentType, 'text/javascript; charset=utf-8');
    assert.equal(assets.get(APP_CSS_PATH)?.contentType, 'text/css; charset=utf-8');
  });

  it('are built once per process', async () => {
    assert.equal(await buildUiAssets(), assets);
  });

  it('the shell references only the local bundle and stylesheet, and has no inline script', () => {
    const html = text('/');
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(refs.sort(), [APP_CSS_PATH, APP_JS_PATH].sort());
    for (const r of refs) assert.ok(assets.has(r ?? ''), `${r} is served`);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]?.[1] ?? '', /type="module"/);
    assert.equal(scripts[0]?.[2]?.trim(), '', 'no inline script');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /<style|style="/, 'no inline styles either');
    assert.match(html, /<div id="app">/);
  });

  it('the bundle is browser ESM with uPlot inside and no other host or Node module in it', () => {
    const js = text(APP_JS_PATH);
    assert.doesNotMatch(js, /https?:\/\//, 'no absolute URL: every fetch is same-origin');
    assert.doesNotMatch(
      js,
      /\brequire\(|from\s*["']node:|import\(\s*["']/,
      'no require, node: or dynamic import',
    );
    assert.doesNotMatch(js, /^import\s/m, 'everything bundled, nothing imported at run time');
    // uPlot's class names: the library is in the bundle, not fetched from a CDN.
    assert.match(js, /u-legend/);
    // The API's paths (src/api/paths.ts) are in the bundle: the UI asks its own origin's /api/v1.
    assert.match(js, /"\/api\/v1"/);
    assert.match(js, /\/status/);
    assert.doesNotMatch(js, /innerHTML|eval\(|new Function/, 'no markup or code from strings');
  });

  it("the stylesheet carries uPlot's rules and loads nothing from elsewhere", () => {
    const css = text(APP_CSS_PATH);
    assert.match(css, /\.uplot/);
    assert.match(css, /--breached/);
    assert.doesNotMatch(css, /@import|url\(\s*["']?(?:https?:)?\/\//);
  });
});
