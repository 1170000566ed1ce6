import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

/** Every message in an outbox directory, oldest first; none when it does not exist yet. */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((name) => name.endsWith('.eml')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const messages: OutboxMessage[] = [];
  for (const file of files) {
    const parsed = await PostalMime.parse(await readFile(join(dir, file)));
    const replyTo = parsed.replyTo?.[0]?.address;
    const header = (key: string) => parsed.headers.find((h) => h.key === key)?.value;
    const autoSubmitted = header('auto-submitted');
    const listUnsubscribe = header('list-unsubscribe');
    const listUnsubscribePost = header('list-unsubscribe-post');
    messages.push({
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
    });
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
