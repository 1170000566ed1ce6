import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredNotice } from '../adapters/local/operator-notices';
import type { OutboxAttachment } from '../adapters/local/outbox-mailer';
import { z } from '../commons/zod';
import { EmailAddress, SuppressionReason } from '../domain/model';
import type { Logger, OperatorNotice } from '../ports';
import { refuseRequest } from './control-guard';
import { UNSUBSCRIBE_PATH } from '../domain/unsubscribe';
import type { UnsubscribeRequest, UnsubscribeResponse } from '../workflows/unsubscribe-request';

export interface OutboxEntry {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  date: string;
  text: string;
  html: string;
  messageId?: string;
  /** The digest's and keep-in-touch emails' unsubscribe header (RFC 2369), as written. */
  listUnsubscribe?: string;
  listUnsubscribePost?: string;
  attachments: OutboxAttachment[];
}

/** A scheduled email given up after its retries (the local dead-letter queue). */
export interface GivenUpEntry {
  name: string;
  kind: string;
  firstDueUtc: string;
  deadAtUtc: string;
  attempts: number;
  lastError: string;
}

interface WebControl {
  outbox(): Promise<OutboxEntry[]>;
  /** Scheduled emails given up after Scheduler's retries, oldest first. */
  givenUp(): Promise<GivenUpEntry[]>;
  /** Moves the clock to `until` and fires everything due by then, within the tick's limits; returns what fired. */
  tick(until: Date): Promise<TickResult>;
  status(): { now: string; smtpPort: number; domain: string };
  /** As if SES reported a hard bounce or a complaint for `address` (`rapport bounce`). */
  bounce(address: string, reason: SuppressionReason): Promise<BounceResult>;
  /** What the operator was told so far (the alarm topic's messages in AWS), oldest first. */
  notices(): Promise<StoredNotice[]>;
  /** The one-click unsubscribe link of a digest or keep-in-touch email (the function URL in AWS). */
  unsubscribe(request: UnsubscribeRequest): Promise<UnsubscribeResponse>;
}

export interface BounceResult {
  suppressed: string[];
  told: OperatorNotice[];
}

export interface TickResult {
  now: string;
  fired: { name: string; atUtc: string; outcome: string }[];
  /** Set when the tick stopped before `until` (too many schedules at once): tick again to go on. */
  stoppedEarly?: string;
}

/** Thrown by `tick` for a request it will not carry out (e.g. too far ahead); answered 400 with its message. */
export class TickRefusedError extends Error {
  override name = 'TickRefusedError';
}

const MAX_BODY_BYTES = 4096;
const TickRequest = z.object({ until: z.string().datetime({ offset: true }) });
const BounceRequest = z.object({ address: EmailAddress, reason: SuppressionReason.default('bounce') });

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Each attached file as a download link (a data: URL, so the page needs no second route). */
function attachmentLinks(entry: OutboxEntry): string {
  if (entry.attachments.length === 0) return '';
  const links = entry.attachments.map(
    (a) =>
      `<a download="${escapeHtml(a.filename)}" href="data:${escapeHtml(a.contentType.split(';')[0]!)};base64,${a.contentBase64}">${escapeHtml(a.filename)}</a>`,
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

/** The outbox as a page: newest first, each email's HTML in a sandboxed frame (no scripts) beside its text part. */
function outboxPage(
  entries: OutboxEntry[],
  status: ReturnType<WebControl['status']>,
  notices: StoredNotice[],
  givenUp: GivenUpEntry[],
): string {
  const items = entries
    .map((e, i) => ({ e, i }))
    .reverse()
    .map(
      ({ e, i }) => `<article id="m${i}">
  <h2>${escapeHtml(e.subject)}</h2>
  <p class="meta">To ${escapeHtml(e.to)} · ${escapeHtml(e.date)}${e.replyTo ? ` · Reply-To ${escapeHtml(e.replyTo)}` : ''}</p>
  <details open><summary>HTML</summary><iframe sandbox title="${escapeHtml(e.subject)}" srcdoc="${escapeHtml(e.html)}"></iframe></details>
  <details><summary>Plain text</summary><pre>${escapeHtml(e.text)}</pre></details>${attachmentLinks(e)}
</article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Rapport outbox (${entries.length})</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:16px;color:#1f2933;background:#f5f7fa}
header p{color:#52606d}article{background:#fff;border-radius:8px;padding:12px 16px;margin:16px 0;box-shadow:0 1px 3px #0002}
h2{font-size:18px;margin:4px 0}.meta{color:#52606d;font-size:13px;margin:0 0 8px;word-break:break-all}
iframe{width:100%;height:640px;border:1px solid #e4e7eb;border-radius:6px;background:#fff}pre{white-space:pre-wrap;background:#f5f7fa;padding:8px}
.notices{background:#fff8e1;border-radius:8px;padding:8px 16px}
.given-up{background:#fff3f3;border-left:4px solid #c62828;padding:8px 16px;border-radius:6px}</style></head>
<body><header><h1>Rapport outbox</h1><p>Clock: ${escapeHtml(status.now)} · forward invitations to <b>log@${escapeHtml(status.domain)}</b> via SMTP 127.0.0.1:${status.smtpPort} · ${entries.length} sent</p></header>
${givenUpSection(givenUp)}${noticesSection(notices)}${items || '<p>Nothing sent yet. Forward an invitation: <code>npx rapport send examples/coffee-chat.eml</code></p>'}
</body></html>`;
}

/** A control request body over MAX_BODY_BYTES: answered 413, never read to its end. */
class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new BodyTooLargeError(`the body is over ${MAX_BODY_BYTES} bytes`);
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // No other site may embed the answers (e.g. as a script or image) to read them.
    'cross-origin-resource-policy': 'same-origin',
  });
  res.end(body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The local web inbox and the control API the `rapport` command uses. Listens on 127.0.0.1 only,
 * and answers only requests that pass control-guard.ts: it can move the clock (which never goes
 * back) and shows reply tokens, which nobody but you should do or see.
 */
export async function startWeb(
  options: { port: number; secret: string },
  control: WebControl,
  log: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  let listeningPort = options.port;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    (async () => {
      const refusal = refuseRequest(
        { method: req.method ?? '', path: url.pathname, headers: req.headers },
        { port: listeningPort, secret: options.secret },
      );
      if (refusal) {
        log.warn('web request refused', { route, status: refusal.status, why: refusal.error });
        return send(res, refusal.status, 'application/json', JSON.stringify({ error: refusal.error }));
      }
      if (route === 'GET /')
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          outboxPage(await control.outbox(), control.status(), await control.notices(), await control.givenUp()),
        );
      if (url.pathname.startsWith(UNSUBSCRIBE_PATH)) {
        const token = url.pathname.slice(UNSUBSCRIBE_PATH.length);
        const body = req.method === 'POST' ? await readBody(req) : '';
        const answer = await control.unsubscribe({ method: req.method ?? '', token, body });
        return send(res, answer.status, answer.contentType, answer.body);
      }
      if (route === 'GET /api/notices') return send(res, 200, 'application/json', JSON.stringify(await control.notices()));
      if (route === 'POST /api/bounce') {
        const body = BounceRequest.safeParse(parseJson(await readBody(req)));
        if (!body.success)
          return send(
            res,
            400,
            'application/json',
            JSON.stringify({ error: 'address must be an email address; reason bounce or complaint' }),
          );
        return send(res, 200, 'application/json', JSON.stringify(await control.bounce(body.data.address, body.data.reason)));
      }
      if (route === 'GET /api/outbox') return send(res, 200, 'application/json', JSON.stringify(await control.outbox()));
      if (route === 'GET /api/given-up') return send(res, 200, 'application/json', JSON.stringify(await control.givenUp()));
      if (route === 'GET /api/status') return send(res, 200, 'application/json', JSON.stringify(control.status()));
      if (route === 'POST /api/tick') {
        const body = TickRequest.safeParse(parseJson(await readBody(req)));
        if (!body.success) return send(res, 400, 'application/json', JSON.stringify({ error: 'until must be an ISO time with an offset' }));
        try {
          return send(res, 200, 'application/json', JSON.stringify(await control.tick(new Date(body.data.until))));
        } catch (error) {
          if (error instanceof TickRefusedError) return send(res, 400, 'application/json', JSON.stringify({ error: error.message }));
          throw error;
        }
      }
      send(res, 404, 'text/plain', 'not found');
    })().catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        log.warn('web request refused', { route, status: 413, why: error.message });
        res.setHeader('connection', 'close');
        return send(res, 413, 'application/json', JSON.stringify({ error: error.message }));
      }
      log.error('web request failed', { route, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent)
        send(res, 500, 'application/json', JSON.stringify({ error: error instanceof Error ? error.message : 'failed' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  listeningPort = (server.address() as AddressInfo).port;
  return {
    port: listeningPort,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
