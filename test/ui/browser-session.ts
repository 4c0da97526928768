/**
 * The browser tests' session: the UI world (ui-fixture.ts) and one Chromium
 * page on it, watched for every request and console error, and the helpers
 * the tests read the page and the API by. Node's runner runs each test file
 * in its own process, so each file has its own session: it calls
 * openSession in before() and closeSession in after(). `world` and `page`
 * are live bindings: an importer sees them once openSession has run.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { openBrowser } from '../helpers/chromium.ts';
import { startUiWorld, TOKEN, type UiWorld } from './ui-fixture.ts';

const SHOTS = 'test-results/screenshots';

export let world: UiWorld;
let browser: Browser;
export let page: Page;
/** Every URL the page requested, and every console error or page error. */
const requests: string[] = [];
const problems: string[] = [];

/** The API's document at `path`, asked with the token; it must answer 200. */
export async function api<T>(path: string): Promise<T> {
  const r = await fetch(`${world.server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(r.status, 200, path);
  return (await r.json()) as T;
}

/** The trimmed text of the first element with this test id. */
export async function text(testid: string): Promise<string> {
  return (await page.getByTestId(testid).first().textContent())?.trim() ?? '';
}

/** A full-page screenshot to test-results/screenshots/<name>.png. */
export async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Starts the UI world and Chromium, and watches the page's requests and errors. */
export async function openSession(): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  world = await startUiWorld();
  ({ browser, page } = await openBrowser());
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
}

/** Closes Chromium and the UI world. */
export async function closeSession(): Promise<void> {
  await browser?.close();
  await world?.stop();
}

/** The page asked only its own origin and logged no error but the deliberate 404s and 503s. */
export function assertOwnOriginAndNoErrors(): void {
  assert.ok(requests.length > 0);
  const foreign = requests.filter((u) => !u.startsWith(world.server.url));
  assert.deepEqual(foreign, []);
  // The deliberate 404 and 503 (browser-pods-alerts.test.ts) log "Failed to load resource"; anything else is a defect.
  const unexpected = problems.filter((p) => !/Failed to load resource.*(404|503)/.test(p));
  assert.deepEqual(unexpected, []);
}
