import type { ParsedAttachment, ParsedMessage } from './parse-message';

/**
 * Finds iCalendar data anywhere in a message: a `text/calendar` part (any letter case, any
 * transfer encoding — postal-mime has decoded it), an `.ics` attached as `application/ics`,
 * `application/octet-stream` or `text/plain`, a calendar pasted into the text body, and all of
 * these inside forwarded messages.
 */

/** A message with more calendar parts than this is not an invitation; read the first ones. */
const MAX_CALENDAR_PARTS = 10;
/** Bytes looked at to tell whether an unlabelled attachment is a calendar. */
const SNIFF_BYTES = 1024;

interface CalendarPart {
  text: string;
  /** The MIME part's `method=` parameter, used when the VCALENDAR has no METHOD. */
  mimeMethod?: string;
  /** Found inside a forwarded (attached) message. */
  inForwarded: boolean;
}

const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics', 'text/x-vcalendar', 'application/x-ics']);
const CALENDAR_FILE = /\.(ics|ical|icalendar|vcs)$/i;

export function findCalendarParts(message: ParsedMessage): CalendarPart[] {
  return [...calendarParts(message)];
}

/**
 * The calendar parts of a message in the order they are tried, each decoded only when asked for:
 * the first that reads as a calendar is usually the only one a reader needs.
 */
export function* calendarParts(message: ParsedMessage): Generator<CalendarPart, void, undefined> {
  let found = 0;
  for (const part of collect(message, false)) {
    yield part;
    if (++found >= MAX_CALENDAR_PARTS) return;
  }
}

function* collect(message: ParsedMessage, inForwarded: boolean): Generator<CalendarPart, void, undefined> {
  // text/calendar first: it is the part a mail client acts on; an .ics beside it is a copy.
  const ranked = message.attachments
    .map((attachment) => ({ attachment, rank: rank(attachment) }))
    .filter((candidate) => candidate.rank <= 2)
    .sort((a, b) => a.rank - b.rank);
  for (const { attachment } of ranked) {
    const text = decode(attachment.content);
    if (!/BEGIN:VCALENDAR/i.test(text)) continue;
    yield { text, ...(attachment.method ? { mimeMethod: attachment.method } : {}), inForwarded };
  }
  // Some clients paste the calendar into the text body instead of attaching it.
  const pasted = message.text ? calendarIn(message.text) : undefined;
  if (pasted) yield { text: pasted, inForwarded };
  for (const attached of message.attachedMessages) yield* collect(attached, true);
}

/** 0: text/calendar, 1: other calendar type or .ics name, 2: content looks like a calendar, 3: not a calendar. */
function rank(attachment: ParsedAttachment): number {
  if (attachment.mimeType === 'text/calendar') return 0;
  if (CALENDAR_TYPES.has(attachment.mimeType) || (attachment.filename && CALENDAR_FILE.test(attachment.filename))) return 1;
  const head = decode(attachment.content.subarray(0, SNIFF_BYTES));
  return /^\s*BEGIN:VCALENDAR/i.test(head.replace(/^\uFEFF/, '')) ? 2 : 3;
}

/** One decoder for every part: without `stream`, each decode stands alone. */
const UTF8 = new TextDecoder('utf-8', { fatal: false });

function decode(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

function calendarIn(body: string): string | undefined {
  const start = body.search(/^BEGIN:VCALENDAR/im);
  if (start < 0) return undefined;
  const endMatch = /^END:VCALENDAR/im.exec(body.slice(start));
  return endMatch ? body.slice(start, start + endMatch.index + endMatch[0].length) : body.slice(start);
}
