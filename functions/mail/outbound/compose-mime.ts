import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutboundEmail } from '../../ports';

export interface ComposedMessage {
  /** The RFC 5322 message, CRLF line ends, no line over 1,000 octets (RFC 5322 §2.1.1; SES rejects longer). */
  raw: Buffer;
  /** The Message-ID we wrote, `<…@domain>`. SES replaces it: keep the one the Mailer returns. */
  messageId: string;
}

export interface ComposeOptions {
  /** Domain of the Message-ID; the From address's domain when absent. */
  messageIdDomain?: string;
  date?: Date;
}

/** Folds any CR/LF (and other control characters) out of a header value: no header injection. */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** `<id>` from anything that held one, without the characters that would break the header. */
function messageIdValue(id: string): string {
  const bare = headerSafe(id).replace(/[<>\s]/g, '');
  return `<${bare}>`;
}

function domainOf(address: string): string {
  const match = /@([^>\s@]+)>?\s*$/.exec(headerSafe(address));
  if (!match?.[1]) throw new RangeError(`no domain in From address: ${address}`);
  return match[1].toLowerCase();
}

/**
 * Builds the raw message SES sends (and the local outbox stores): multipart/alternative with a
 * text/plain part beside the HTML, threading headers and `Auto-Submitted` (RFC 3834) so other
 * robots don't answer it. Bodies are quoted-printable, which wraps long lines at 76 characters.
 */
export async function composeMime(email: OutboundEmail, options: ComposeOptions = {}): Promise<ComposedMessage> {
  const domain = options.messageIdDomain ?? domainOf(email.from);
  const messageId = `<${randomUUID()}@${domain}>`;
  const references = email.references?.map(messageIdValue) ?? [];
  const composer = new MailComposer({
    from: headerSafe(email.from),
    to: headerSafe(email.to),
    ...(email.replyTo !== undefined ? { replyTo: headerSafe(email.replyTo) } : {}),
    subject: headerSafe(email.subject),
    messageId,
    date: options.date ?? new Date(),
    ...(email.inReplyTo !== undefined ? { inReplyTo: messageIdValue(email.inReplyTo) } : {}),
    ...(references.length > 0 ? { references: references.join(' ') } : {}),
    headers: {
      'Auto-Submitted': email.autoSubmitted,
      // Exchange/Outlook's own switch for "don't send out-of-office replies to this".
      'X-Auto-Response-Suppress': 'All',
    },
    text: email.text,
    html: email.html,
    textEncoding: 'quoted-printable',
    // CRLF everywhere, bodies included: a bare LF is not a line end in RFC 5322.
    newline: 'windows',
  });
  const raw = await composer.compile().build();
  return { raw, messageId };
}
