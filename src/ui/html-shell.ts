/**
 * The one HTML page of the UI. It only references the bundle and the
 * stylesheet by absolute local paths (the server sends this page for every
 * non-API path, so relative paths would break under /objective/...), and
 * carries no inline script, so a Content-Security-Policy of default-src
 * 'self' holds.
 */

/** Path of the bundled browser code. */
export const APP_JS_PATH = '/assets/app.js';
/** Path of the stylesheet (the UI's plus uPlot's). */
export const APP_CSS_PATH = '/assets/app.css';

/** The HTML shell; `version` only labels the page. */
export function htmlShell(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="vllm-slo ${escapeHtml(version)}">
<title>vLLM SLO</title>
<link rel="stylesheet" href="${APP_CSS_PATH}">
<script type="module" src="${APP_JS_PATH}"></script>
</head>
<body>
<div id="app"><p class="empty">Loading…</p></div>
<noscript><p class="empty">The vllm-slo UI needs JavaScript. The same numbers are at /api/v1/status and in <code>vllm-slo status</code>.</p></noscript>
</body>
</html>
`;
}

/** Text made safe inside HTML elements and attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
