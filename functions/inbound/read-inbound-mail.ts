import { boundedText } from '../commons/bounded-text';
import { quickSafeParse } from '../commons/quick-check';
import { readsReplyText } from '../domain/reply-readers';
import { InboundMail, invitationRead, MAX_FROM_NAME, MAX_HEADER_VALUE, MAX_REPLY_TEXT, ROUTING_HEADERS } from './inbound-mail';
import { findInvitation, type FindResult } from './extract-invitation';
import { fromAddressesIn } from './from-header';
import { MessageTooLargeError, parseMessage, UnreadableMessageError, type ParsedMessage } from './parse-message';
import { ReadLimitError } from './read-budget';
import { extractReplyText, extractReplyTextFromHtml } from './reply-text';
import { dkimSigningDomains, isAuthenticated, type SenderVerdicts } from './sender-policy';

export interface Envelope {
  envelopeFrom?: string;
  recipients: readonly string[];
  /**
   * Whether the sender authenticated: decided at the door (the local SMTP server's checks), or
   * SES's verdicts, read here against the From address and DKIM signatures when SES could not
   * judge alignment (the From domain publishes no DMARC record).
   */
  authenticated: boolean | SenderVerdicts;
  deliveryId: string;
  /** When the message arrived (SES's receipt time, or the runtime's clock): relative times in a Date-less invitation are read against it. */
  receivedAt: Date;
}

/** The record's validation, with the records our own assembly got right confirmed without zod's per-field work (commons/quick-check.ts). */
const validateInboundMail = quickSafeParse(InboundMail);

export type ReadResult = { ok: true; mail: InboundMail } | { ok: false; why: string };

/**
 * The invitation, or why there is none, or a text invitation whose times process-inbound reads:
 * a message over a read limit is answered with the limit, not a guess.
 */
function invitationOf(message: ParsedMessage, receivedAt: Date): InboundMail['invitation'] {
  if (message.overLimit) return unreadable(message.overLimit);
  let result: FindResult;
  try {
    result = findInvitation(message, receivedAt);
  } catch (error) {
    if (error instanceof ReadLimitError) return unreadable(error);
    throw error;
  }
  return 'found' in result ? result : invitationRead(result);
}

/** What the sender wrote above the quote, from the text body, else from the HTML. */
function replyTextOf(message: ParsedMessage): string {
  if (message.text !== undefined) return extractReplyText(message.text);
  return message.html !== undefined ? extractReplyTextFromHtml(message.html) : '';
}

function unreadable(error: ReadLimitError): InboundMail['invitation'] {
  return { ok: false, reason: 'unreadable', detail: error.message.slice(0, 500) };
}

function authenticated(envelope: Envelope, fromAddress: string, headers: ParsedMessage['headers']): boolean {
  if (typeof envelope.authenticated === 'boolean') return envelope.authenticated;
  return isAuthenticated(envelope.authenticated, {
    fromAddress,
    ...(envelope.envelopeFrom !== undefined ? { envelopeFrom: envelope.envelopeFrom } : {}),
    dkimDomains: dkimSigningDomains(headers),
  });
}

/**
 * Raw bytes and their envelope → the record the workflows act on; `ok: false` when the bytes are
 * not a message anyone could be answered about (no From address, unparseable, over the size limit).
 */
export async function readInboundMail(raw: Uint8Array | string, envelope: Envelope): Promise<ReadResult> {
  let message: ParsedMessage;
  try {
    message = await parseMessage(raw);
  } catch (error) {
    if (error instanceof UnreadableMessageError || error instanceof MessageTooLargeError) return { ok: false, why: error.message };
    throw error;
  }
  // Without a From address there is no one to answer or act for; junk bytes parse that way too.
  if (!message.from?.address) return { ok: false, why: 'no From address' };
  // `From: you@allowed.example, them@evil.example` is not acted on as the first address: never queued at all.
  const fromCount = fromAddressesIn(message.headers.filter((h) => h.key.toLowerCase() === 'from').map((h) => h.value)).length;
  if (fromCount > 1) return { ok: false, why: 'more than one From address' };
  // Only the routing headers are kept, so only they are cleaned (a message carries dozens of others).
  const headers = message.headers
    .map((h) => ({ key: h.key.toLowerCase(), value: h.value }))
    .filter((h): h is InboundMail['headers'][number] => (ROUTING_HEADERS as readonly string[]).includes(h.key))
    .slice(0, 20)
    .map((h) => ({ key: h.key, value: boundedText(h.value, MAX_HEADER_VALUE) }));
  const replyText = readsReplyText(envelope.recipients) ? replyTextOf(message) : '';
  const mail = {
    deliveryId: envelope.deliveryId,
    ...(envelope.envelopeFrom !== undefined ? { envelopeFrom: envelope.envelopeFrom } : {}),
    recipients: [...envelope.recipients],
    authenticated: authenticated(envelope, message.from.address, message.headers),
    // A display name longer than Rapport keeps is cut, not a reason to drop the mail unanswered.
    ...(message.from
      ? { from: { address: message.from.address, ...(message.from.name ? { name: boundedText(message.from.name, MAX_FROM_NAME) } : {}) } }
      : {}),
    ...(message.subject !== undefined ? { subject: boundedText(message.subject, 1000) } : {}),
    ...(message.messageId !== undefined ? { messageId: message.messageId.slice(0, 998) } : {}),
    ...(message.date !== undefined ? { date: message.date } : {}),
    ...(message.dateOffsetMinutes !== undefined ? { dateOffsetMinutes: message.dateOffsetMinutes } : {}),
    headers,
    invitation: invitationOf(message, envelope.receivedAt),
    replyText: boundedText(replyText, MAX_REPLY_TEXT),
  };
  // Validated on the way out too: what leaves the parser is exactly what the workflows accept.
  const parsed = validateInboundMail(mail);
  if (!parsed.success)
    return { ok: false, why: `unusable message: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` };
  return { ok: true, mail: parsed.data };
}
