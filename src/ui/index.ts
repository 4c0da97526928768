/** The web UI (issue 6): static assets the server sends; the browser code lives in ./app. */

export { parseHash, routePath } from './app/route.ts';
export { buildUiAssets, type UiAsset } from './assets.ts';
export { APP_CSS_PATH, APP_JS_PATH, escapeHtml } from './html-shell.ts';
