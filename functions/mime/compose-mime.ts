import { randomUUID } from 'node:crypto';
import type { OutboundEmail } from '../ports';
import { withoutBidiControls } from '../commons/bidi';
import { formatMailbox, parseMailbox } from './address';
import { rfc5322Date } from './date';
import { unstructuredValue } from './encoded-word';
import { foldHeader, headerSafe, MAX_LINE_LENGTH } from './header-line';
import { mixedBody } from './attachment';
import { alternativeBody } from './multipart';
import { listUnsubscribeHeaders } from './list-unsubscribe';

interface ComposedMessage {
  /** The RFC 5322 message, CRLF line ends, no line over 1,000 octets (RFC 5322 §2.1.1; SES rejects longer). */
  raw: Buffer;
  /** The Message-ID we wrote, `<…@domain>`. SES replaces it: keep the one the Mailer returns. */
  messageId: string;
}

interface ComposeOptions {
  /** Domain of the Message-ID; the From address's domain when absent. */
  messageIdDomain?: string;
  /** The Date header: the sender's Clock, so the local outbox shows simulated times. */
  date: Date;
}

/**
 * `<id>` from anything that held one, without the characters that would break the header;
 * undefined when nothing is left, or when the id alone could not fit on a header line (an id
 * that long came from a hostile or broken message and would not thread anyway).
 */
function messageIdValue(id: string): string | undefined {
  const bare = headerSafe(id).replace(/[<>\s]/g, '');
  if (bare === '' || bare.length > MAX_LINE_LENGTH - 'In-Reply-To: <>'.length) return undefined;
  return `<${bare}>`;
}

/** The host part of our own Message-ID: configuration, but still kept to one token. */
function messageIdDomain(domain: string): string {
  const bare = headerSafe(domain).replace(/[<>@\s]/g, '');
  if (bare === '') throw new RangeError(`empty Message-ID domain: ${domain}`);
  return bare;
}

/**
 * Builds the raw message SES sends (and the local outbox stores): multipart/alternative with a
 * text/plain part beside the HTML, threading headers and `Auto-Submitted` (RFC 3834) so other
 * robots don't answer it. Every value from data passes `headerSafe` (no header injection), every
 * header is folded (RFC 5322 §2.2.3), bodies are quoted-printable: no line exceeds 998 characters.
 * Attachments, when there are any, follow in a multipart/mixed wrapper as base64 parts.
 */
export async function composeMime(shown: OutboundEmail, options: ComposeOptions): Promise<ComposedMessage> {
  // What a reader sees carries no bidi control, whichever template or value put it there.
  const email = {
    ...shown,
    to: withoutBidiControls(shown.to),
    subject: withoutBidiControls(shown.subject),
    text: withoutBidiControls(shown.text),
    html: withoutBidiControls(shown.html),
  };
  const from = parseMailbox(email.from);
  const domain = messageIdDomain(options.messageIdDomain ?? from.domain);
  const messageId = `<${randomUUID()}@${domain}>`;
  const inReplyTo = email.inReplyTo !== undefined ? messageIdValue(email.inReplyTo) : undefined;
  const references = (email.references ?? []).flatMap((id) => messageIdValue(id) ?? []);
  const alternative = alternativeBody(email.text, email.html);
  const attachments = email.attachments ?? [];
  const { contentType, body } = attachments.length > 0 ? mixedBody(alternative, attachments) : alternative;

  const headers = [
    foldHeader('Date', rfc5322Date(options.date)),
    foldHeader('From', formatMailbox(from)),
    foldHeader('To', formatMailbox(parseMailbox(email.to))),
    ...(email.replyTo !== undefined ? [foldHeader('Reply-To', formatMailbox(parseMailbox(email.replyTo)))] : []),
    foldHeader('Subject', unstructuredValue(headerSafe(email.subject))),
    foldHeader('Message-ID', messageId),
    ...(inReplyTo !== undefined ? [foldHeader('In-Reply-To', inReplyTo)] : []),
    ...(references.length > 0 ? [foldHeader('References', references.join(' '))] : []),
    'MIME-Version: 1.0',
    foldHeader('Auto-Submitted', headerSafe(email.autoSubmitted)),
    // Exchange/Outlook's own switch for "don't send out-of-office replies to this".
    'X-Auto-Response-Suppress: All',
    ...(email.listUnsubscribe ? listUnsubscribeHeaders(email.listUnsubscribe) : []),
    foldHeader('Content-Type', contentType),
  ];
  // The blank line between header and body (RFC 5322 §2.1); the body ends in CRLF already.
  const raw = Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`, 'ascii');
  return { raw, messageId };
}
