import { DASH_LINE, headerEnd, readHeaders } from './bulky-parts';

/**
 * Google, Zoom and Notes send every invitation twice: a `text/calendar` part, the one a mail
 * client acts on, and the same calendar as a file after it (`invite.ics` as application/ics, or
 * as text/calendar again). calendar-parts.ts reads a later calendar part only when the first does
 * not read, so decoding it is wasted work — a tenth of reading
 * such a message, as postal-mime decodes each part through a Blob. This leaves out the file's
 * body before the message is parsed (its headers stay); a reader that leaves it out parses the
 * message again, with the file, when the part does not read (read-inbound-mail.ts).
 *
 * Found by native byte searches from the text/calendar part on: a message that names no
 * text/calendar costs one search and is handed on as it is.
 */

/** Needles as bytes: a string needle is encoded again on every search. */
const TEXT_CALENDAR = Buffer.from('text/calendar');
const CALENDAR_NEEDLES = [TEXT_CALENDAR, Buffer.from('.ics'), Buffer.from('application/ics')];
/** Boundary lines looked at after the text/calendar part: real mail has a few parts after it. */
const MAX_BOUNDARY_LINES = 8;

/** The message without the body of the first calendar part after its text/calendar part, or undefined when it has none. */
export function withoutCalendarCopy(bytes: Uint8Array): Uint8Array | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const actedOn = buffer.indexOf(TEXT_CALENDAR);
  if (actedOn < 0) return undefined;
  let line = buffer.indexOf(DASH_LINE, actedOn);
  for (let looked = 0; line >= 0 && looked < MAX_BOUNDARY_LINES; looked++) {
    const body = calendarFileBody(buffer, line + 1);
    if (body) return Buffer.concat([buffer.subarray(0, body.start), buffer.subarray(body.end)]);
    line = buffer.indexOf(DASH_LINE, line + 1);
  }
  return undefined;
}

/**
 * The body of the part that starts at `boundaryLine`, when that part is a calendar: from the
 * end of its header block to the start of the next line of its boundary (RFC 2046 §5.1.1).
 * A line that only looks like a boundary (a signature's "-- ") has no such header block; were one
 * to pass for it, the text/calendar part would not read and the message is read again whole.
 */
function calendarFileBody(buffer: Buffer, boundaryLine: number): { start: number; end: number } | undefined {
  const lineEnd = buffer.indexOf(0x0a, boundaryLine);
  const start = lineEnd < 0 ? -1 : headerEnd(buffer, lineEnd + 1);
  if (start < 0) return undefined;
  const block = buffer.subarray(lineEnd + 1, start);
  if (!CALENDAR_NEEDLES.some((needle) => block.indexOf(needle) >= 0)) return undefined;
  if (!readHeaders(block.toString('latin1')).calendar) return undefined;
  const delimiter = buffer.toString('latin1', boundaryLine, lineEnd).trimEnd();
  const next = buffer.indexOf(`\n${delimiter}`, start - 1, 'latin1');
  return next < 0 ? undefined : { start, end: next + 1 };
}
