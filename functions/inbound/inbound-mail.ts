import { boundedText, optionalText } from '../commons/bounded-text';
import { z } from '../commons/zod';
import type { ExtractResult } from './invitation-types';

/**
 * What the workflows need to know about one inbound email, read out of the raw MIME once
 * (by read-inbound-mail.ts). This module holds only the schema, so the function
 * that acts on the record does not bundle the parsers.
 *
 * Reading raw mail (MIME, HTML, iCalendar, finding an invitation's labels) is the riskiest and
 * heaviest code Rapport runs, so in AWS it runs in a function of its own that may read the mail
 * bucket and nothing else; it hands this small, bounded, validated record to the function that
 * owns the data. One step is left to that function: the labelled times of an invitation forwarded
 * as text ("When: Tuesday, 3 December 2024 15:00-15:30 (UTC+01:00) Amsterdam") travel as a few
 * short strings (`TextInvitationFound`) and are read there, with chrono in eleven languages
 * (inbound/text-invitation-times.ts), beside the reading of times in replies — so the parser of
 * untrusted mail does not carry a natural-language date reader. On one machine the two steps
 * simply follow each other.
 */

/** Headers that decide whether a message may be answered at all (RFC 3834 and list headers). */
export const ROUTING_HEADERS = ['auto-submitted', 'precedence', 'list-id', 'list-unsubscribe', 'x-autoreply', 'x-autorespond'] as const;
export const MAX_HEADER_VALUE = 500;
/** Readings of a time offered to choose from: a numeric date reads at most two ways. */
export const MAX_READINGS = 2;
export const MAX_REPLY_TEXT = 20_000;
/** Characters of a display name kept (From, attendees); a longer one is cut when read. */
export const MAX_FROM_NAME = 200;

const Text = (max: number) => z.string().max(max);
const Address = z.object({ address: Text(320), name: Text(MAX_FROM_NAME).optional() });

const Attendee = z.object({
  email: Text(320),
  name: Text(200).optional(),
  kind: z.enum(['individual', 'room', 'resource', 'group', 'unknown']).optional(),
});

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
  timeNote: Text(300).optional(),
});
export type InvitationSummary = z.infer<typeof InvitationSummary>;

/** The invitation read to the end, or why there is none: what the workflows act on. */
export const InvitationRead = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), invitation: InvitationSummary }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(['no-invitation', 'no-time', 'unreadable']),
    detail: Text(500),
    title: Text(1000).optional(),
    /** Who and where, when the invitation was found but its time was not: kept while the user is asked. */
    organizerEmail: Text(320).optional(),
    organizerName: Text(200).optional(),
    videoUrl: Text(2000).optional(),
    /** A time that reads more than one way: each reading, for the user to pick. */
    readings: z
      .array(InvitationSummary.pick({ startUtc: true, endUtc: true, startLocal: true, endLocal: true, timeZone: true }))
      .max(MAX_READINGS)
      .optional(),
  }),
]);
export type InvitationRead = z.infer<typeof InvitationRead>;

/**
 * Labelled times read per document ("When:" lines; Gmail's subject time comes on top) and in all:
 * chrono runs eleven languages over each, about 3 ms a time, so a body of thousands of "When:"
 * lines would cost seconds. A real invitation has one.
 */
export const MAX_WHEN_VALUES = 3;
export const MAX_TIME_READS = 6;
/** Characters of one labelled time; a real one ("Tuesday, 3 December 2024 15:00–15:30 (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna") is far shorter. */
export const MAX_WHEN_CHARS = 300;

/** An instant `Date` can read, as `toISOString` writes it (years past 9999 included). */
const Instant = Text(40).refine((value) => !Number.isNaN(Date.parse(value)), 'not an instant');

/**
 * One message of a text invitation (the forwarded one first, then the wrapper), as found: its
 * details, its labelled times as written, and what relative times in them are read against —
 * its Date header, in the sender's UTC offset.
 */
const TextInvitationDocument = InvitationSummary.pick({
  title: true,
  location: true,
  videoUrl: true,
  organizerEmail: true,
  organizerName: true,
}).extend({
  when: z.array(Text(MAX_WHEN_CHARS)).max(MAX_WHEN_VALUES + 1),
  date: Instant.optional(),
  dateOffsetMinutes: z
    .number()
    .int()
    .min(-24 * 60)
    .max(24 * 60)
    .optional(),
});

/**
 * An invitation forwarded as text whose times are not read yet: the documents that read like an
 * invitation, in reading order, holding at most MAX_TIME_READS times in all (the first document
 * may hold none: its title answers when no time can be read). process-inbound reads them
 * (`readInvitationTimes`); `receivedAt` is what a Date-less document's "Thu 15:00" is read against.
 */
export const TextInvitationFound = z
  .object({
    found: z.literal('text-invitation'),
    receivedAt: Instant,
    forwarded: z.boolean(),
    documents: z
      .array(TextInvitationDocument)
      .min(1)
      .max(MAX_TIME_READS + 1),
  })
  .refine((found) => {
    const times = found.documents.reduce((sum, document) => sum + document.when.length, 0);
    return times >= 1 && times <= MAX_TIME_READS;
  }, `between 1 and ${MAX_TIME_READS} labelled times`);
export type TextInvitationFound = z.infer<typeof TextInvitationFound>;

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
  dateOffsetMinutes: z
    .number()
    .int()
    .min(-24 * 60)
    .max(24 * 60)
    .optional(),
  headers: z.array(z.object({ key: z.enum(ROUTING_HEADERS), value: Text(MAX_HEADER_VALUE) })).max(20),
  /** The invitation, or why there is none, or a text invitation whose times process-inbound reads. */
  invitation: z.union([InvitationRead, TextInvitationFound]),
  /** What the sender wrote, quotes and signatures removed: a reply's commands and notes. */
  replyText: Text(MAX_REPLY_TEXT),
});
export type InboundMail = z.infer<typeof InboundMail>;

/** An invitation's reading → the bounded form the record carries (the calendar's other events and the description stay behind). */
/** The person and join link of an invitation whose time is missing, bounded as the schema bounds them. */
function foundDetails(
  partial: Partial<InvitationSummary> | undefined,
): Pick<InvitationSummary, 'organizerEmail' | 'organizerName' | 'videoUrl'> {
  const organizerEmail = partial?.organizerEmail && partial.organizerEmail.length <= 320 ? partial.organizerEmail : undefined;
  const organizerName = optionalText(partial?.organizerName, 200);
  const videoUrl = partial?.videoUrl && partial.videoUrl.length <= 2000 ? partial.videoUrl : undefined;
  return {
    ...(organizerEmail ? { organizerEmail } : {}),
    ...(organizerEmail && organizerName ? { organizerName } : {}),
    ...(videoUrl ? { videoUrl } : {}),
  };
}

export function invitationRead(result: ExtractResult): InvitationRead {
  if (!result.ok) {
    const title = optionalText(result.partial?.title, 1000);
    const readings = result.readings?.slice(0, MAX_READINGS);
    return {
      ok: false,
      reason: result.reason,
      detail: boundedText(result.detail, 500),
      ...(title ? { title } : {}),
      ...foundDetails(result.partial),
      ...(readings?.length ? { readings } : {}),
    };
  }
  const { events: _events, description: _description, recurrenceIdUtc: _rid, rrule: _rrule, ...primary } = result.invitation;
  return { ok: true, invitation: primary };
}
