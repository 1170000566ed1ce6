import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { renderAll } from '../../templates/fixture-renders';
import { FIXTURES, type FixtureName } from '../../templates/fixtures';
import { launchChromium, layoutProblems, WIDTHS } from '../support/browser';

/**
 * Every email Rapport sends, as a phone (320 and 375 px) and a desktop (1280 px) show it: the
 * HTML part in headless Chromium, never wider than the window and with nothing cut off.
 */
const EMAILS_DIR = path.join(__dirname, '../../functions/emails');

/** The kinds, read from the code: each `export function renderThankYouNudge` is the kind `thank-you-nudge`. */
function kindsInCode(): string[] {
  return readdirSync(EMAILS_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.generated.ts'))
    .flatMap((file) => [...readFileSync(path.join(EMAILS_DIR, file), 'utf8').matchAll(/^export function render([A-Z]\w*)\(/gm)])
    .map((match) => match[1]!)
    .filter((name) => name !== 'Email') // shared.ts: what every kind renders through
    .map((name) => name.replace(/[A-Z]/g, (c, at: number) => `${at ? '-' : ''}${c.toLowerCase()}`));
}

let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

it('renders every kind of email the code can send from the fixtures, so none is left out below', () => {
  const kinds = kindsInCode();
  expect(kinds.length).toBeGreaterThanOrEqual(15);
  const rendered = renderAll(FIXTURES.berlin).map((r) => r.name);
  expect(kinds.filter((kind) => !rendered.some((name) => name === kind || name.startsWith(`${kind}-`)))).toEqual([]);
});

describe.each(Object.keys(FIXTURES) as FixtureName[])('every email from the %s fixture', (fixtureName) => {
  it.each(renderAll(FIXTURES[fixtureName]).map((r) => [r.name, r.email.html] as const))(
    '%s fits 320, 375 and 1280 px',
    async (_name, html) => {
      const problems: Record<number, string[]> = {};
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await page.setContent(html);
        problems[width] = await layoutProblems(page);
      }
      expect(problems).toEqual({ 320: [], 375: [], 1280: [] });
    },
  );
});
