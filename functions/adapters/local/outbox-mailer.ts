import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { composeMime } from '../../mime/compose-mime';
import type { Clock, Mailer, OutboundEmail } from '../../ports';
import { systemClock } from '../system-clock';

interface OutboxMailerOptions {
  /** The runtime's data directory; messages go to `<dataDir>/outbox/`. */
  dataDir: string;
  /** Stamps the Date header and the file name, so `rapport tick --until` shows simulated times. */
  clock?: Clock;
  messageIdDomain?: string;
}

/** A message from the outbox, as a person reading it would see it. */
export interface OutboxMessage {
  file: string;
  from: string;
  to: string[];
  replyTo?: string;
  subject: string;
  /** ISO UTC. */
  date: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references: string[];
  autoSubmitted?: string;
  /** RFC 2369 / RFC 8058, as written: on the digest and keep-in-touch emails. */
  listUnsubscribe?: string;
  listUnsubscribePost?: string;
  attachments: OutboxAttachment[];
}

/** An attached file as a person saving it would get it; the content base64 so it survives JSON. */
export interface OutboxAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export function outboxDirectory(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** `20251202T140000123Z`: sorts by time, safe in every file system. */
function fileStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/**
 * The Mailer port for one machine: each message, composed exactly as SES would receive it, is
 * written to `<dataDir>/outbox/<timestamp>-<n>.eml`. The Message-ID is ours (nothing replaces it).
 */
export class OutboxMailer implements Mailer {
  private readonly dir: string;
  private readonly clock: Clock;

  constructor(private readonly options: OutboxMailerOptions) {
    this.dir = outboxDirectory(options.dataDir);
    this.clock = options.clock ?? systemClock;
  }

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    const date = this.clock.now();
    const { raw, messageId } = await composeMime(email, {
      date,
      ...(this.options.messageIdDomain !== undefined ? { messageIdDomain: this.options.messageIdDomain } : {}),
    });
    await mkdir(this.dir, { recursive: true });
    for (let n = 0; ; n += 1) {
      const file = join(this.dir, `${fileStamp(date)}-${String(n).padStart(4, '0')}.eml`);
      try {
        await writeFile(file, raw, { flag: 'wx' });
        return { messageId };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
}

/** `20251202T140000123Z-0000.eml`, as OutboxMailer names them: the only names read back as outbox messages. */
const OUTBOX_FILE = /^\d{8}T\d{9}Z-\d{4,}\.eml$/;

export function isOutboxFileName(name: string): boolean {
  return OUTBOX_FILE.test(name);
}

/** The outbox's file names, oldest first (they sort by time); none when it does not exist yet. Reads no message. */
export async function outboxFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter(isOutboxFileName).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** One message of the outbox by its file name; undefined when there is none by that name (or it was just removed). */
export async function readOutboxMessage(dir: string, file: string): Promise<OutboxMessage | undefined> {
  if (!isOutboxFileName(file)) return undefined;
  let raw: Buffer;
  try {
    raw = await readFile(join(dir, file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = await PostalMime.parse(raw);
  const replyTo = parsed.replyTo?.[0]?.address;
  const header = (key: string) => parsed.headers.find((h) => h.key === key)?.value;
  const autoSubmitted = header('auto-submitted');
  const listUnsubscribe = header('list-unsubscribe');
  const listUnsubscribePost = header('list-unsubscribe-post');
  return {
    file,
    from: parsed.from?.address ?? '',
    to: (parsed.to ?? []).flatMap((address) => (address.address ? [address.address] : [])),
    ...(replyTo ? { replyTo } : {}),
    subject: parsed.subject ?? '',
    date: new Date(parsed.date ?? 0).toISOString(),
    text: parsed.text ?? '',
    html: parsed.html ?? '',
    messageId: parsed.messageId ?? '',
    ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo } : {}),
    references: parsed.references?.split(/\s+/).filter(Boolean) ?? [],
    ...(autoSubmitted ? { autoSubmitted } : {}),
    ...(listUnsubscribe ? { listUnsubscribe } : {}),
    ...(listUnsubscribePost ? { listUnsubscribePost } : {}),
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? '',
      contentType: attachment.mimeType,
      contentBase64: Buffer.from(attachment.content as ArrayBuffer).toString('base64'),
    })),
  };
}

/** Every message in an outbox directory, oldest first; none when it does not exist yet. */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  const messages: OutboxMessage[] = [];
  for (const file of await outboxFiles(dir)) {
    const message = await readOutboxMessage(dir, file);
    if (message) messages.push(message);
  }
  return messages;
}

/**
 * Removes what was sent to `address` from the outbox: on one machine the outbox is Rapport's own
 * disk (with reply tokens in it), so a deletion takes the user's copies too. Returns how many.
 */
export async function removeOutboxMailTo(dir: string, address: string): Promise<number> {
  const wanted = address.toLowerCase();
  let removed = 0;
  for (const message of await readOutbox(dir)) {
    if (!message.to.some((to) => to.toLowerCase() === wanted)) continue;
    await rm(join(dir, message.file), { force: true });
    removed += 1;
  }
  return removed;
}

/** Header fields that say whom a message was for or thread it to their mail. */
const RECIPIENT_FIELDS = new Set(['to', 'reply-to', 'in-reply-to', 'references']);

/**
 * After a deletion, the email left for `address` (the deletion's own answer, written after
 * `removeOutboxMailTo`) keeps its words but forgets whom it was for: To becomes
 * `undisclosed-recipients:;` (an empty group, RFC 5322 §3.4) and Reply-To, In-Reply-To and
 * References go (a reply token and the ids of their mail, all about deleted data). A message that
 * would still hold the address anywhere is removed instead. Returns how many were rewritten.
 */
export async function forgetRecipient(dir: string, address: string): Promise<number> {
  const wanted = address.toLowerCase();
  let rewritten = 0;
  for (const message of await readOutbox(dir)) {
    if (!message.to.some((to) => to.toLowerCase() === wanted)) continue;
    const file = join(dir, message.file);
    const anonymous = withoutRecipient(await readFile(file));
    const stillNamed = [anonymous.toString('latin1'), message.subject, message.text, message.html].some((text) =>
      text.toLowerCase().includes(wanted),
    );
    if (stillNamed) {
      await rm(file, { force: true });
      continue;
    }
    // Written beside it and renamed over it: a crash leaves the old file or the new one, never half of one.
    await writeFile(`${file}.forgetting`, anonymous, { flag: 'w' });
    await rename(`${file}.forgetting`, file);
    rewritten += 1;
  }
  return rewritten;
}

/** The message with its recipient fields replaced; the header is ours (compose-mime.ts), folded by RFC 5322 §2.2.3. */
function withoutRecipient(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const fields = text.slice(0, end).split(/\r\n(?![ \t])/);
  const kept = fields.flatMap((field) => {
    const name = field.slice(0, field.indexOf(':')).trim().toLowerCase();
    if (name === 'to') return ['To: undisclosed-recipients:;'];
    return RECIPIENT_FIELDS.has(name) ? [] : [field];
  });
  return Buffer.from(`${kept.join('\r\n')}${text.slice(end)}`, 'latin1');
}
