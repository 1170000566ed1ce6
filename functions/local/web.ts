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
import { EMAIL_CSP, OUTBOX_PAGE_SIZE, outboxPageHtml, pageNumber } from './outbox-page';

export interface OutboxEntry {
  /** The outbox file it is kept in: the email's URL on the outbox page. */
  id: string;
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

/** A page of the outbox, newest first, and how many emails it holds in all. */
export interface OutboxPage {
  total: number;
  entries: OutboxEntry[];
}

export interface WebStatus {
  now: string;
  smtpPort: number;
  domain: string;
}

interface WebControl {
  outbox(): Promise<OutboxEntry[]>;
  /** `limit` emails, newest first, after skipping the `offset` newest; reads no other email. */
  outboxPage(offset: number, limit: number): Promise<OutboxPage>;
  /** One email by its id; undefined when there is none. */
  outboxMessage(id: string): Promise<OutboxEntry | undefined>;
  /** Scheduled emails given up after Scheduler's retries, oldest first. */
  givenUp(): Promise<GivenUpEntry[]>;
  /** Moves the clock to `until` and fires everything due by then, within the tick's limits; returns what fired. */
  tick(until: Date): Promise<TickResult>;
  status(): WebStatus;
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

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
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

interface Answer {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const NOT_FOUND: Answer = { status: 404, type: 'text/plain', body: 'not found' };
const EMAIL_ROUTE = /^\/mail\/([^/]+)$/;
const ATTACHMENT_ROUTE = /^\/mail\/([^/]+)\/attachments\/(\d{1,3})$/;
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;

/** The id in an email's URL; a malformed escape is no id (answered 404, not 500). */
function decodedId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

/** An attached file as a download: its own media type when it is a plain one, its name as RFC 6266 says. */
function download(entry: OutboxEntry | undefined, n: number): Answer {
  const attachment = entry?.attachments[n];
  if (!attachment) return NOT_FOUND;
  const type = attachment.contentType.split(';')[0]!.trim();
  const name = encodeURIComponent(attachment.filename || 'attachment');
  return {
    status: 200,
    type: MEDIA_TYPE.test(type) ? type : 'application/octet-stream',
    body: Buffer.from(attachment.contentBase64, 'base64'),
    headers: { 'content-disposition': `attachment; filename*=UTF-8''${name}` },
  };
}

/** The pages a browser opens (no secret needed, control-guard.ts): the outbox, an email, an attached file. */
async function pageAnswer(url: URL, control: WebControl): Promise<Answer | undefined> {
  if (url.pathname === '/') {
    const total = (await control.outboxPage(0, 0)).total;
    const page = pageNumber(url.searchParams.get('page'), total);
    const shown = await control.outboxPage((page - 1) * OUTBOX_PAGE_SIZE, OUTBOX_PAGE_SIZE);
    const html = outboxPageHtml({ ...shown, page }, control.status(), await control.notices(), await control.givenUp());
    return { status: 200, type: 'text/html; charset=utf-8', body: html };
  }
  const email = EMAIL_ROUTE.exec(url.pathname);
  if (email) {
    const entry = await control.outboxMessage(decodedId(email[1]!));
    if (!entry) return NOT_FOUND;
    return { status: 200, type: 'text/html; charset=utf-8', body: entry.html, headers: { 'content-security-policy': EMAIL_CSP } };
  }
  const attachment = ATTACHMENT_ROUTE.exec(url.pathname);
  if (attachment) return download(await control.outboxMessage(decodedId(attachment[1]!)), Number(attachment[2]));
  return undefined;
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
      if (url.pathname.startsWith(UNSUBSCRIBE_PATH)) {
        const token = url.pathname.slice(UNSUBSCRIBE_PATH.length);
        const body = req.method === 'POST' ? await readBody(req) : '';
        const answer = await control.unsubscribe({ method: req.method ?? '', token, body });
        return send(res, answer.status, answer.contentType, answer.body);
      }
      const page = req.method === 'GET' ? await pageAnswer(url, control) : undefined;
      if (page) return send(res, page.status, page.type, page.body, page.headers);
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
