import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';
import { ORGANIZER_PASSWORD } from './factories';

/** Debian's chromium (.ci/run installs it with apt when it is missing; `npx playwright install` cannot work here). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A phone held at the door or opened from a chat app: 360 px wide, touch. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** An organizer at a desk. */
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 860 } };

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Headless Debian chromium, with the flags this closed network needs (no background connections), and any `extraArgs`
 * a test needs (a fake camera, say).
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No browser at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Signs an organizer in through the console's login page, in a new page of `context`; returns the page once the
 * console has sent it on: to `next` when given, else to the console's home.
 */
export async function signIn(
  context: BrowserContext,
  server: { url: string },
  email: string,
  { password = ORGANIZER_PASSWORD, next }: { password?: string; next?: string } = {},
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/console/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  const landing = next ?? '/console';
  await Promise.all([page.waitForURL((url) => url.pathname === landing), page.click('button[type=submit]')]);
  return page;
}

/** A new desktop browser context in which the organizer is signed in (the login page closed again). */
export async function signedInContext(
  browser: Browser,
  server: { url: string },
  email: string,
  password = ORGANIZER_PASSWORD,
): Promise<BrowserContext> {
  const context = await browser.newContext(DESKTOP);
  await (await signIn(context, server, email, { password })).close();
  return context;
}

/**
 * Saves a screenshot of the page under docs/screenshots/<name>.png when UPDATE_SCREENSHOTS=1 (the README shows
 * them); a normal test run writes nothing.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const dir = path.join(ROOT, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
