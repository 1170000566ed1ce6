import { z } from '../../commons/zod';

/**
 * What the workflows need to know about one inbound email, read out of the raw MIME once
 * (by read-inbound-mail.ts). This module holds only the schema, so the function
 * that acts on the record does not bundle the parsers.
 *
 * Reading raw mail (MIME, iCalendar, dates in a dozen languages) is the riskiest and heaviest
 * code Rapport runs, so in AWS it runs in a function of its own that may read the mail bucket and
 * nothing else; it hands this small, bounded, validated record to the function that owns the
 * data. On one machine the two steps simply follow each other.
 */

/** Headers that decide whether a message may be answered at all (RFC 3834 and list headers). */
export const ROUTING_HEADERS = ['auto-submitted', 'precedence', 'list-id', 'list-unsubscribe', 'x-autoreply', 'x-autorespond'] as const;
export const MAX_HEADER_VALUE = 500;
export const MAX_REPLY_TEXT = 20_000;

const Text = (max: number) => z.string().max(max);
const Address = z.object({ address: Text(320), name: Text(200).optional() });

const Attendee = z.object({ email: Text(320), name: Text(200).optional(), kind: z.enum(['individual', 'room', 'resource', 'group', 'unknown']).optional() });

/** The primary event of the invitation: the fields the workflows use, each bounded. */
const InvitationSummary = z.object({
  method: Text(20).optional(),
  uid: Text(1000).optional(),
  sequence: z.number().int().min(0).optional(),
  title: Text(1000).optional(),
  status: Text(40).optional(),
  startUtc: Text(40).optional(),
  endUtc: Text(40).optional(),
  startLocal: Text(40).optional(),
  endLocal: Text(40).optional(),
  startDate: Text(20).optional(),
  endDate: Text(20).optional(),
  tzid: Text(200).optional(),
  timeZone: Text(64).optional(),
  organizerEmail: Text(320).optional(),
  organizerName: Text(200).optional(),
  attendees: z.array(Attendee).max(50),
  location: Text(1000).optional(),
  videoUrl: Text(2000).optional(),
  forwarded: z.boolean(),
  source: z.enum(['icalendar', 'text']),
});
export type InvitationSummary = z.infer<typeof InvitationSummary>;

export const InboundMail = z.object({
  /** The transport's id of this delivery (SES messageId), used when the message has no Message-ID. */
  deliveryId: Text(200),
  /** SMTP MAIL FROM; empty for bounces. */
  envelopeFrom: Text(320).optional(),
  /** SMTP RCPT TO addresses. */
  recipients: z.array(Text(320)).max(100),
  /** Whether the sender's mail authenticated (SES: SPF/DKIM with DMARC alignment). */
  authenticated: z.boolean(),
  from: Address.optional(),
  subject: Text(1000).optional(),
  messageId: Text(998).optional(),
  /** The Date header as an ISO instant, and the sender's UTC offset it was written in. */
  date: Text(40).optional(),
  dateOffsetMinutes: z.number().int().min(-24 * 60).max(24 * 60).optional(),
  headers: z.array(z.object({ key: z.enum(ROUTING_HEADERS), value: Text(MAX_HEADER_VALUE) })).max(20),
  invitation: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), invitation: InvitationSummary }),
    z.object({ ok: z.literal(false), reason: z.enum(['no-invitation', 'no-time', 'unreadable']), detail: Text(500), title: Text(1000).optional() }),
  ]),
  /** What the sender wrote, quotes and signatures removed: a reply's commands and notes. */
  replyText: Text(MAX_REPLY_TEXT),
});
export type InboundMail = z.infer<typeof InboundMail>;

