import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './tier-needs';

/** The widths every email and page must fit: a small phone, a common phone, a desktop. */
export const WIDTHS = [320, 375, 1280] as const;

/**
 * Headless Chromium on a fresh profile that reaches nothing but what a test serves it: no
 * sync, updates, field trials or QUIC, and the profile removed on close.
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'rapport-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The little of the DOM layoutProblems reads (this project's TypeScript has no DOM library). */
interface Box {
  tagName: string;
  className: unknown;
  textContent: string | null;
  children: Iterable<Box>;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { right: number };
}
interface InPage {
  document: { documentElement: Box; scrollingElement: Box | null; querySelectorAll(selector: string): Iterable<Box> };
  getComputedStyle(box: Box): { overflowX: string };
}

/**
 * What does not fit the window, as a person on that screen would meet it: the page scrolls
 * sideways; a box reaches past the window's right edge; or a box that hides its overflow cuts off
 * what is inside it (the email's rounded card does, so text too wide for it is cut, not scrolled).
 * Each problem names the element and the start of its text.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const window = globalThis as unknown as InPage;
    const document = window.document;
    const view = document.documentElement.clientWidth;
    const scroller = document.scrollingElement!;
    const problems: string[] = [];
    if (scroller.scrollWidth > scroller.clientWidth) problems.push(`scrolls sideways: ${scroller.scrollWidth} px wide in ${view} px`);
    const name = (el: Box) =>
      `<${el.tagName.toLowerCase()}${el.className ? ` class="${String(el.className)}"` : ''}> “${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60)}”`;
    const pastEdge = (el: Box) => el.getBoundingClientRect().right > view + 0.5;
    for (const el of document.querySelectorAll('body *')) {
      // The innermost boxes past the edge: their parents are past it because of them.
      if (pastEdge(el) && ![...el.children].some(pastEdge))
        problems.push(`past the right edge by ${Math.ceil(el.getBoundingClientRect().right - view)} px: ${name(el)}`);
      const style = window.getComputedStyle(el);
      if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
        problems.push(`cut off (${el.scrollWidth} px in ${el.clientWidth} px): ${name(el)}`);
    }
    // The first few say where; the rest are mostly the same cause seen from further out.
    return problems.length > 12 ? [...problems.slice(0, 12), `… and ${problems.length - 12} more`] : problems;
  });
}
