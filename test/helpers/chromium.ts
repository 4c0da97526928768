/** Debian's chromium through playwright-core, headless, for the UI tests. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Launches chromium and opens a 1440x900 page; fails with an install hint when it is absent. */
export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  return { browser, page: await browser.newPage({ viewport: { width: 1440, height: 900 } }) };
}
