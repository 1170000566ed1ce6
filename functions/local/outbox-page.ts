import type { StoredNotice } from '../adapters/local/operator-notices';
import type { GivenUpEntry, OutboxEntry, OutboxPage, WebStatus } from './web';

/**
 * The outbox as pages a browser opens at once however much was sent (docs/local.md): a page
 * lists OUTBOX_PAGE_SIZE emails, newest first, and each email's HTML is its own URL, loaded by its
 * frame only when scrolled to, so a page's size does not grow with the outbox nor with the emails.
 */
export const OUTBOX_PAGE_SIZE = 20;

/**
 * What an email's frame may do. No scripts, and an opaque origin (no allow-same-origin), so an
 * email can read nothing of the page or the control API. But a link must work as in a mail app:
 * the draft buttons open `mailto:` in a new window (allow-popups) and the one-tap answers navigate
 * to `mailto:` on a click (Chromium opens an external protocol from a sandboxed frame only with one
 * of these); web links open as ordinary tabs (allow-popups-to-escape-sandbox).
 */
export const EMAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation';

/** The same limits when an email's URL is opened on its own, and no fetching of anything but its inline styles and images. */
export const EMAIL_CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox ${EMAIL_FRAME_SANDBOX}`;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The URL of an email's HTML part; its id is the outbox file name (outbox-mailer.ts checks it). */
export function emailPath(id: string): string {
  return `/mail/${encodeURIComponent(id)}`;
}

/** Each attached file as a download link to its own URL (never inlined: an export is hundreds of KB). */
function attachmentLinks(entry: OutboxEntry): string {
  if (entry.attachments.length === 0) return '';
  const links = entry.attachments.map(
    (a, n) => `<a download="${escapeHtml(a.filename)}" href="${emailPath(entry.id)}/attachments/${n}">${escapeHtml(a.filename)}</a>`,
  );
  return `\n  <p class="meta">Attached: ${links.join(' · ')}</p>`;
}

/** What the operator was told, newest first: in AWS these arrive by email from the alarm topic. */
function noticesSection(notices: StoredNotice[]): string {
  if (notices.length === 0) return '';
  const items = [...notices]
    .reverse()
    .map((n) => `<li><b>${escapeHtml(n.subject)}</b> · ${escapeHtml(n.at)}<pre>${escapeHtml(n.message)}</pre></li>`)
    .join('\n');
  return `<section class="notices"><h2>Operator notices (${notices.length})</h2><ul>${items}</ul></section>\n`;
}

/** What was given up, on top of the page: an email that never went out must not go unseen. */
function givenUpSection(givenUp: GivenUpEntry[]): string {
  if (givenUp.length === 0) return '';
  const rows = givenUp.map(
    (g) =>
      `<li><b>${escapeHtml(g.kind)}</b> (${escapeHtml(g.name)}), due ${escapeHtml(g.firstDueUtc)}: given up ${escapeHtml(g.deadAtUtc)} after ${g.attempts} attempts — ${escapeHtml(g.lastError)}</li>`,
  );
  return `<section class="given-up"><h2>Given up after retries (${givenUp.length})</h2><ul>${rows.join('')}</ul></section>\n`;
}

function article(e: OutboxEntry): string {
  return `<article id="${escapeHtml(e.id)}">
  <h2>${escapeHtml(e.subject)}</h2>
  <p class="meta">To ${escapeHtml(e.to)} · ${escapeHtml(e.date)}${e.replyTo ? ` · Reply-To ${escapeHtml(e.replyTo)}` : ''}</p>
  <details open><summary>HTML</summary><iframe loading="lazy" sandbox="${EMAIL_FRAME_SANDBOX}" title="${escapeHtml(e.subject)}" src="${emailPath(e.id)}"></iframe></details>
  <details><summary>Plain text</summary><pre>${escapeHtml(e.text)}</pre></details>${attachmentLinks(e)}
</article>`;
}

/** `?page=N` as a page number within 1..pages; anything else is the first page. */
export function pageNumber(value: string | null, total: number): number {
  const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const asked = /^\d{1,7}$/.test(value ?? '') ? Number(value) : 1;
  return Math.min(Math.max(asked, 1), pages);
}

/** Newer and older links with where this page sits; nothing when everything fits on one page. */
function pager(page: number, total: number): string {
  const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  if (pages === 1) return '';
  const first = (page - 1) * OUTBOX_PAGE_SIZE + 1;
  const last = Math.min(page * OUTBOX_PAGE_SIZE, total);
  const newer = page > 1 ? `<a rel="prev" href="/?page=${page - 1}">← Newer</a>` : '<span></span>';
  const older = page < pages ? `<a rel="next" href="/?page=${page + 1}">Older →</a>` : '<span></span>';
  return `<nav class="pager" aria-label="Outbox pages">${newer}<span>Page ${page} of ${pages} · emails ${first}–${last} of ${total}, newest first</span>${older}</nav>\n`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:16px;color:#1f2933;background:#f5f7fa;overflow-wrap:anywhere}
header p{color:#52606d}article{background:#fff;border-radius:8px;padding:12px 16px;margin:16px 0;box-shadow:0 1px 3px #0002}
h2{font-size:18px;margin:4px 0}.meta{color:#52606d;font-size:13px;margin:0 0 8px}
iframe{box-sizing:border-box;width:100%;height:640px;border:1px solid #e4e7eb;border-radius:6px;background:#fff}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f7fa;padding:8px}ul{padding-left:20px}
.pager{display:flex;flex-wrap:wrap;gap:8px 16px;justify-content:space-between;align-items:center;color:#52606d;font-size:14px}
.notices{background:#fff8e1;border-radius:8px;padding:8px 16px}
.given-up{background:#fff3f3;border-left:4px solid #c62828;padding:8px 16px;border-radius:6px}`;

/** One page of the outbox, newest first, with what was given up and what the operator was told on top. */
export function outboxPageHtml(
  shown: OutboxPage & { page: number },
  status: WebStatus,
  notices: StoredNotice[],
  givenUp: GivenUpEntry[],
): string {
  const items = shown.entries.map(article).join('\n');
  const paging = pager(shown.page, shown.total);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Rapport outbox (${shown.total})</title>
<style>${STYLE}</style></head>
<body><header><h1>Rapport outbox</h1><p>Clock: ${escapeHtml(status.now)} · forward invitations to <b>log@${escapeHtml(status.domain)}</b> via SMTP 127.0.0.1:${status.smtpPort} · ${shown.total} sent</p></header>
${givenUpSection(givenUp)}${noticesSection(notices)}${paging}${items || '<p>Nothing sent yet. Forward an invitation: <code>npx rapport send examples/coffee-chat.eml</code></p>'}
${paging}</body></html>`;
}
