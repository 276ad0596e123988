import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { artifactsDir } from './paths';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium (or CHROMIUM_PATH); Playwright's own browser download cannot work here. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export const browserRequired = process.env.REQUIRE_BROWSER === '1';

/**
 * `describe` for browser scenarios. Without Chromium the block is skipped with a loud SKIPPED
 * line, or, when REQUIRE_BROWSER=1 (CI), replaced by a failing test.
 */
export function describeWithBrowser(name: string, body: (chromiumPath: string) => void): void {
  const chromiumPath = findChromium();
  if (chromiumPath) {
    describe(name, () => body(chromiumPath));
    return;
  }
  if (browserRequired) {
    process.stderr.write('\n*** FAILED: browser scenarios required (REQUIRE_BROWSER=1) but no chromium found ***\n');
    test(`${name}: a browser is available (REQUIRE_BROWSER=1)`, () => {
      throw new Error(
        'REQUIRE_BROWSER=1 but no Chromium was found at /usr/bin/chromium (or CHROMIUM_PATH). ' +
          'Install it with `apt-get install -y chromium fonts-wqy-microhei`.',
      );
    });
    return;
  }
  process.stderr.write('\n*** SKIPPED: browser scenarios (no chromium found) ***\n');
  describe.skip(name, () => body(''));
}

/** Flags that keep Chromium off the (closed) network and quick to start as root in a sandbox. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: chromiumArgs, timeout: 60_000 });
}

/** A phone-sized page, like the mini-program's H5 build is meant for. */
export async function newPhonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return context.newPage();
}

export function artifactPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 120);
  return path.join(artifactsDir, `${safe || 'screenshot'}.png`);
}

/** Saves a full-page screenshot and returns its path; never throws (it runs while reporting a failure). */
export async function screenshot(page: Page, name: string): Promise<string | null> {
  const file = artifactPath(name);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    return file;
  } catch {
    return null;
  }
}

/**
 * The container of one Taro H5 page (`route` like `/pages/me/index`). Taro's router keeps pages it
 * has shown in the DOM, hidden, so the same class can exist on several pages: scope lookups to the
 * page the member is on.
 */
export function taroPage(page: Page, route: string): Locator {
  return page.locator(`.taro_page[id^="${route}"]`);
}

/** The first visible element matching `selector` inside `scope`. */
export function visible(scope: Page | Locator, selector: string): Locator {
  return scope.locator(selector).filter({ visible: true }).first();
}

/**
 * Fills a Taro form field by its class. On H5, Taro renders `<Input className=…>` as a custom
 * element wrapping the real `<input>`, so the class may sit on the wrapper or on the input.
 */
export async function fillField(scope: Page | Locator, selector: string, value: string): Promise<void> {
  const field = visible(scope, `input${selector}, textarea${selector}, ${selector} input, ${selector} textarea`);
  await field.waitFor({ state: 'visible' });
  await field.fill(value);
}
