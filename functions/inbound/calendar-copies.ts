import { DASH_LINE, headerEnd, type PartHeaders, readHeaders } from './bulky-parts';

/**
 * Google, Zoom and Notes send every invitation twice: a `text/calendar` part, the one a mail
 * client acts on, and the same calendar as a file at the end of the message (`invite.ics` as
 * application/ics, or as text/calendar again). calendar-parts.ts tries the text/calendar part
 * first and reads nothing after it when it reads, so decoding the copy is wasted work — a tenth
 * of reading such a message, as postal-mime decodes each part through a Blob. This leaves out the
 * copy's body before the message is parsed (its headers stay); the reader parses the message
 * again, copy kept, unless the first calendar part it tried read (read-inbound-mail.ts).
 *
 * Searched from the end, where the copy is: a backward byte search costs a fraction of a
 * microsecond, a forward one over the HTML before it up to 13 µs on a 40 KB invitation.
 */

/** Needles as bytes: a string needle is encoded again on every search. */
const TEXT_CALENDAR = Buffer.from('text/calendar');
/** The copy is a file: its part names one (`filename="invite.ics"`). */
const ICS_NAME = Buffer.from('.ics');
/**
 * A forward attached whole (message/rfc822, message/global) is tried after the message around it,
 * so its calendar parts are not in the order of the bytes: such a message is read whole.
 */
const MESSAGE_TYPE = Buffer.from('essage/');

/**
 * Messages larger than this are read whole. A message whose text/calendar part does not read is
 * read twice (once without the copy, once whole), and twice a message near the read limits could
 * cost more than the read budget (read-budget.ts); an invitation is tens of kilobytes.
 */
export const MAX_COPY_SEARCH_BYTES = 256 * 1024;

interface Part {
  /** Where its boundary line starts, and where its body starts (just past its header block). */
  boundaryLine: number;
  bodyStart: number;
  headers: PartHeaders;
}

/**
 * The message without the body of its last part when that part is a calendar file and a
 * text/calendar part comes before it; else undefined.
 */
export function withoutCalendarCopy(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.byteLength > MAX_COPY_SEARCH_BYTES) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const named = buffer.lastIndexOf(ICS_NAME);
  const copy = named < 0 ? undefined : partAround(buffer, named);
  if (!copy?.headers.calendar) return undefined;
  const actedOnAt = buffer.lastIndexOf(TEXT_CALENDAR, copy.boundaryLine);
  if (actedOnAt < 0 || !partAround(buffer, actedOnAt)?.headers.actedOn) return undefined;
  if (buffer.lastIndexOf(MESSAGE_TYPE) >= 0) return undefined;
  const delimiter = Buffer.from(
    `\n${buffer.toString('latin1', copy.boundaryLine, buffer.indexOf(0x0a, copy.boundaryLine)).trimEnd()}`,
    'latin1',
  );
  const next = buffer.indexOf(delimiter, copy.bodyStart - 1);
  if (next < 0) return undefined;
  // A buffer of its own, which postal-mime takes as it is (a view into a larger one it copies
  // first), and not zeroed first: every byte is written just below.
  const kept = Buffer.allocUnsafeSlow(copy.bodyStart + buffer.length - (next + 1));
  buffer.copy(kept, 0, 0, copy.bodyStart);
  buffer.copy(kept, copy.bodyStart, next + 1);
  return kept;
}

/**
 * The MIME part whose header block holds position `at`: a header block follows its boundary line
 * (RFC 2046 §5.1.1) and no header line starts with "--". Undefined when `at` is in a body.
 */
function partAround(buffer: Buffer, at: number): Part | undefined {
  const boundaryLine = buffer.lastIndexOf(DASH_LINE, at) + 1;
  if (boundaryLine === 0) return undefined;
  const lineEnd = buffer.indexOf(0x0a, boundaryLine);
  const bodyStart = lineEnd < 0 || lineEnd > at ? -1 : headerEnd(buffer, lineEnd + 1);
  if (bodyStart < 0 || at >= bodyStart) return undefined;
  return { boundaryLine, bodyStart, headers: readHeaders(buffer.toString('latin1', lineEnd + 1, bodyStart)) };
}
