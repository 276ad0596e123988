import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';
import { artifactsDir, h5Dir } from './paths';
import type { Stack } from './stack';
import { suiteStatus } from './status';

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
  const safe = name
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
  return path.join(artifactsDir, `${safe || 'screenshot'}.png`);
}

/** Saves a full-page screenshot and returns its path; never throws (it runs while reporting a failure). */
export async function screenshot(page: Page, name: string): Promise<string | null> {
  const file = artifactPath(name);
  try {
    // Taro's H5 router slides a new page in; let running transitions finish (at most 2 s) so the
    // picture shows the page, not the slide.
    await page
      .evaluate(() =>
        Promise.race([
          Promise.all(document.getAnimations().map((a) => a.finished)),
          new Promise((r) => setTimeout(r, 2000)),
        ]),
      )
      .catch(() => undefined);
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

/**
 * The first visible element matching `selector` inside `scope` (optionally: containing `hasText`).
 * Taro's H5 router keeps earlier pages in the DOM, hidden: look only at what the member can see.
 */
export function visible(scope: Page | Locator, selector: string, hasText?: string | RegExp): Locator {
  return scope
    .locator(selector, hasText === undefined ? undefined : { hasText })
    .filter({ visible: true })
    .first();
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

/** Matches the answer to `method` on an API path (`pattern` is tested against the URL's pathname). */
export function isApi(method: string, pattern: RegExp): (r: Response) => boolean {
  return (r) => r.request().method() === method && pattern.test(new URL(r.url()).pathname);
}

/** Clicks and waits for the API answer the click causes; fails on a non-2xx answer. */
export async function clickFor(page: Page, target: Locator, method: string, pattern: RegExp): Promise<Response> {
  const [res] = await Promise.all([page.waitForResponse(isApi(method, pattern)), target.click()]);
  if (!res.ok()) throw new Error(`${method} ${res.url()} answered ${res.status()}: ${await res.text()}`);
  return res;
}

/**
 * Polls `read` every 100 ms until it returns `want` (a string: exactly, trimmed by the caller; a
 * RegExp: a match); fails with the last value seen. Playwright's `expect` is not available under jest.
 */
export async function expectEventually(
  read: () => Promise<string>,
  want: string | RegExp,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = await read();
    if (typeof want === 'string' ? last === want : want.test(last)) return;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Expected text ${String(want)}, last saw ${JSON.stringify(last)}`);
}

/** Waits for `target` to be visible, then (up to `timeoutMs`) for its trimmed text to match `want`. */
export async function expectText(target: Locator, want: string | RegExp, timeoutMs = 10_000): Promise<void> {
  await target.waitFor();
  await expectEventually(async () => ((await target.textContent()) ?? '').trim(), want, timeoutMs);
}

export interface BrowserPages {
  /**
   * A new phone page in its own browser context (one person), 15 s default timeout. Its console,
   * page errors, failed requests and API answers are kept; when the test fails, every page opened
   * in it is screenshotted (`FAILED <file label> <page label>`) and its log printed.
   */
  openPage(label: string): Promise<Page>;
  /** `openPage`, then a dev login as `nickname` through the login panel a signed-out member sees on 发现. */
  openAs(label: string, nickname: string): Promise<Page>;
}

/**
 * The browser side of a browser test file, for the enclosing `describeWithBrowser` block:
 * beforeAll checks the H5 build and launches Chromium, afterEach reports the failed test's pages
 * and closes every page's context, afterAll closes Chromium. `label` names the failure screenshots.
 */
export function useBrowserPages(stack: Stack, chromiumPath: string, label: string): BrowserPages {
  let browser: Browser | undefined;
  const pages: { label: string; page: Page; log: string[]; cspViolations: string[] }[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(h5Dir, 'index.html'))) {
      throw new Error(`No H5 build at ${h5Dir}; run \`npm run build:h5 -w @quanzi/miniprogram\` first.`);
    }
    browser = await launchChromium(chromiumPath);
  }, 90_000);

  afterEach(async () => {
    if (suiteStatus.currentTestFailed()) {
      for (const { label: pageLabel, page, log } of pages) {
        const shot = await screenshot(page, `FAILED ${label} ${pageLabel}`);
        process.stderr.write(
          `\n── browser page log (${pageLabel}) ──\n${log.join('\n') || '(empty)'}\n── url: ${page.url()} · screenshot: ${shot ?? '(none)'} ──\n`,
        );
      }
    }
    const violations = pages.flatMap((p) => p.cspViolations.map((v) => `${p.label}: ${v}`));
    for (const { page } of pages.splice(0)) await page.context().close();
    // The H5 app must run under the server's Content-Security-Policy: any violation fails the scenario.
    if (violations.length > 0) {
      throw new Error(`Content-Security-Policy violations in the browser console:\n${violations.join('\n')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(pageLabel: string): Promise<Page> {
    if (!browser) throw new Error('no browser (see the beforeAll error)');
    const page = await newPhonePage(browser);
    page.setDefaultTimeout(15_000);
    const log: string[] = [];
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      log.push(`[console.${m.type()}] ${m.text()}`);
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    page.on('requestfailed', (r) =>
      log.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`),
    );
    page.on('response', (r) => {
      if (r.url().includes('/api/')) log.push(`[response] ${r.status()} ${r.request().method()} ${r.url()}`);
    });
    pages.push({ label: pageLabel, page, log, cspViolations });
    return page;
  }

  async function openAs(pageLabel: string, nickname: string): Promise<Page> {
    const page = await openPage(pageLabel);
    await page.goto(stack.baseUrl + '/');
    await fillField(page, '.qz-login-nickname', nickname);
    await clickFor(page, visible(page, '.qz-login-submit'), 'POST', /^\/api\/auth\/dev$/);
    // The answer reaching Playwright does not mean the app has stored the session yet: a test that
    // navigates right away would load the next page signed out (seen on a slow 2-core CI machine).
    await page.waitForFunction(() => {
      const raw = window.localStorage.getItem('quanzi.session');
      return raw !== null && raw.includes('"token"');
    });
    return page;
  }

  return { openPage, openAs };
}
