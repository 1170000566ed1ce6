import type { ConsoleMessage, Page } from 'playwright-core';
import { renderAll } from '../../templates/fixture-renders';
import { FIXTURES } from '../../templates/fixtures';
import { OutboxMailer } from '../../functions/adapters/local/outbox-mailer';
import { CONTROL_SECRET_HEADER, readControlSecret } from '../../functions/local/control-secret';
import type { LocalRuntime } from '../../functions/local/runtime';
import { launchChromium, layoutProblems } from '../support/browser';
import { HANG_GUARD_MS } from '../support/hang-guard';
import { runtimePerTest } from '../support/runtime-driver';

/**
 * The outbox page of `npm start` after a thousand emails, opened in headless Chromium as a person
 * opens it: it shows the newest, pages through the rest, stays small, fits a phone, and the draft
 * button in an email opens the mail app.
 */
const SENT = 1000;
const USER = 'alex@example.com';
const KINDS = renderAll(FIXTURES.berlin);

/**
 * Emails of every kind, one a minute, written by the outbox's own mailer (the MIME SES would get):
 * the outbox as the workflows leave it, without a thousand trips through them.
 */
async function send(runtime: LocalRuntime, count: number): Promise<string[]> {
  const start = runtime.clock.now().getTime();
  const subjects = Array.from({ length: count }, (_, n) => `#${n + 1} ${KINDS[n % KINDS.length]!.email.subject}`);
  for (let first = 0; first < count; first += 50) {
    const batch = subjects.slice(first, first + 50).map((subject, i) => {
      const n = first + i;
      const mailer = new OutboxMailer({ dataDir: runtime.dataDir, clock: { now: () => new Date(start + (n + 1) * 60_000) } });
      const { email } = KINDS[n % KINDS.length]!;
      return mailer.send({ ...email, subject, from: `reply+t${n}@${runtime.domain}`, to: USER, autoSubmitted: 'auto-generated' });
    });
    await Promise.all(batch);
  }
  return subjects;
}

const headings = (page: Page) => page.locator('article h2').allTextContents();

describe('the outbox page with a thousand emails', () => {
  const local = runtimePerTest('rapport-outbox-page-');
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    browser = await launchChromium();
  }, HANG_GUARD_MS);

  afterAll(async () => {
    await browser?.close();
  });

  it(
    'opens on the newest, pages to the oldest, stays small and fits a phone',
    async () => {
      const runtime = await local.start('2026-03-02T08:00:00Z');
      const subjects = await send(runtime, SENT);
      const page = await browser.context.newPage();
      const emailsLoaded: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/mail/')) emailsLoaded.push(request.url());
      });
      await page.setViewportSize({ width: 375, height: 800 });

      const firstEmailLoaded = page.waitForResponse((answer) => new URL(answer.url()).pathname.startsWith('/mail/'));
      const response = await page.goto(`http://127.0.0.1:${runtime.webPort}/`);
      expect(response?.status()).toBe(200);
      expect((await response!.body()).length).toBeLessThan(300 * 1024);
      expect(await page.title()).toBe(`Rapport outbox (${SENT})`);
      expect(await headings(page)).toEqual(subjects.slice(-20).reverse());
      await expect(page.locator('nav.pager').first().textContent()).resolves.toContain(
        `Page 1 of 50 · emails 1–20 of ${SENT}, newest first`,
      );
      expect(await page.locator('a[rel=prev]').count()).toBe(0);
      // Each email's HTML is its own URL, fetched when its frame comes near the window: not twenty at once.
      expect((await firstEmailLoaded).status()).toBe(200);
      expect(emailsLoaded.length).toBeLessThan(20);
      expect(await layoutProblems(page)).toEqual([]);

      await page.locator('a[rel=next]').first().click();
      await page.waitForURL(/\?page=2$/);
      expect(await headings(page)).toEqual(subjects.slice(-40, -20).reverse());

      const last = await page.goto(`http://127.0.0.1:${runtime.webPort}/?page=50`);
      expect((await last!.body()).length).toBeLessThan(300 * 1024);
      expect((await headings(page)).at(-1)).toBe(subjects[0]);
      expect(await page.locator('a[rel=next]').count()).toBe(0);
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await layoutProblems(page)).toEqual([]);
    },
    HANG_GUARD_MS,
  );

  it('opens the mail app from a draft button inside an email, whose frame runs no script', async () => {
    const runtime = await local.start('2026-03-02T08:00:00Z');
    await send(runtime, KINDS.findIndex((k) => k.name === 'thank-you') + 1);
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${runtime.webPort}/`);

    const frame = page.locator('article').first().locator('iframe');
    expect((await frame.getAttribute('sandbox'))!.split(' ')).not.toEqual(expect.arrayContaining(['allow-scripts']));
    expect((await frame.getAttribute('sandbox'))!.split(' ')).not.toEqual(expect.arrayContaining(['allow-same-origin']));
    const button = page.frameLocator('article:first-of-type iframe').getByRole('link', { name: 'Open this draft in my mail app' });
    const href = await button.getAttribute('href');
    expect(href).toMatch(/^mailto:/);

    // Chromium hands a mailto: URL to the system's mail app and says so; from a frame that may not open it, it says it blocked it.
    const handedOver = page.waitForEvent('console', {
      predicate: (m: ConsoleMessage) => /external handler|Blocked/i.test(m.text()),
      timeout: 10_000,
    });
    await button.click();
    expect((await handedOver).text()).toBe(`Launched external handler for '${href}'.`);
  });

  it('fits a phone with what the operator was told on top', async () => {
    const runtime = await local.start('2026-03-02T08:00:00Z');
    await send(runtime, 3);
    // As SES would report it: a hard bounce, which the operator is told about on the page.
    const bounced = await fetch(`http://127.0.0.1:${runtime.webPort}/api/bounce`, {
      method: 'POST',
      headers: { [CONTROL_SECRET_HEADER]: readControlSecret(runtime.dataDir)!, 'content-type': 'application/json' },
      body: JSON.stringify({ address: `a-very-long-address-that-would-not-wrap-on-a-phone.${'x'.repeat(40)}@example.com` }),
    });
    expect(bounced.ok).toBe(true);
    const page = await browser.context.newPage();
    for (const width of [320, 375]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`http://127.0.0.1:${runtime.webPort}/`);
      await expect(page.locator('.notices h2').textContent()).resolves.toBe('Operator notices (1)');
      expect({ width, problems: await layoutProblems(page) }).toEqual({ width, problems: [] });
    }
  });
});
