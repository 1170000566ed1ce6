/**
 * Leaves out, before postal-mime reads a message, the bodies of attachments that cannot hold an
 * invitation: a forward may carry a 20 MB PDF beside its calendar part (SES delivers up to 40 MB),
 * and decoding it would spend the read budget (lines, memory) on bytes Rapport never looks at.
 * Such a part keeps its headers and loses its body, found by its MIME boundary (RFC 2046 §5.1.1)
 * in a native byte search, never decoded. A part that may be a calendar — any text, message or
 * multipart type, a calendar or generic type (`application/octet-stream` is sniffed for one), or a
 * calendar file name — is kept whole. A forwarded message (`message/rfc822`, never base64: RFC 2046
 * §5.2.1) is looked into: its own multipart boundary joins the search, so an attachment it carries
 * is left out the same way.
 */

/** Top-level types that are never a calendar. */
const NEVER_CALENDAR_TYPES = /^(image|audio|video|font|model)\//;
/** application/* types a calendar may travel as; every other application/* type is skipped. */
const CALENDAR_CAPABLE_APPLICATION = /^application\/(ics|x-ics|calendar|octet-stream|x-vcalendar)$/;
const CALENDAR_NAME = /\.(ics|ical|icalendar|vcs)\b/i;
/**
 * Lines starting with "--" looked at, and boundaries known, in one message: beyond them the
 * message is handed on as it is, for parse-message's own limits (MAX_BOUNDARY_LINES, the MIME
 * nesting) to refuse, so a hostile one costs this pass at most 4,000 × 50 comparisons.
 */
const MAX_DASH_LINES = 4000;
/** A message this small is read whole: whatever it carries costs less to decode than this pass (~0.2 ms) to leave out. */
const READ_WHOLE_BYTES = 1024 * 1024;
const MAX_DELIMITERS = 50;
/** The start of a line that may be a boundary, as bytes: a string needle is encoded on every search. */
const DASH_LINE = Buffer.from('\n--');
/** A part's header block longer than this is not one a mail client wrote: the message is left as it is. */
const MAX_PART_HEADER_BYTES = 64 * 1024;

interface PartHeaders {
  boundary?: string;
  mayHoldCalendar: boolean;
  /** A whole message follows these headers, with a header block of its own. */
  carriesMessage: boolean;
}

function parameter(headerText: string, name: string): string | undefined {
  const match = new RegExp(`[;\\s]${name}\\*?\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(headerText);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** What one header block says about its part (folded lines joined, RFC 5322 §2.2.3). */
function readHeaders(block: string): PartHeaders {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const contentType = /^content-type:(.*)$/im.exec(unfolded)?.[1] ?? 'text/plain';
  const type = contentType.trim().split(/[;\s]/, 1)[0]!.toLowerCase();
  const disposition = /^content-disposition:(.*)$/im.exec(unfolded)?.[1] ?? '';
  const name = parameter(` ${contentType}`, 'name') ?? parameter(` ${disposition}`, 'filename') ?? '';
  const boundary = type.startsWith('multipart/') ? parameter(` ${contentType}`, 'boundary') : undefined;
  const skippable = NEVER_CALENDAR_TYPES.test(type) || (type.startsWith('application/') && !CALENDAR_CAPABLE_APPLICATION.test(type));
  const encoding = /^content-transfer-encoding:\s*([^\s;]*)/im.exec(unfolded)?.[1]?.toLowerCase() ?? '7bit';
  const carriesMessage = /^message\/(rfc822|global)$/.test(type) && /^(7bit|8bit|binary)$/.test(encoding);
  return {
    ...(boundary ? { boundary } : {}),
    mayHoldCalendar: !skippable || CALENDAR_NAME.test(name),
    carriesMessage,
  };
}

/** The end of the header block that starts at `from` (the index just past its blank line), or -1. */
function headerEnd(buffer: Buffer, from: number): number {
  const limit = Math.min(buffer.length, from + MAX_PART_HEADER_BYTES);
  if (buffer[from] === 0x0a) return from + 1;
  if (buffer[from] === 0x0d && buffer[from + 1] === 0x0a) return from + 2;
  for (let at = buffer.indexOf(0x0a, from); at >= 0 && at < limit; at = buffer.indexOf(0x0a, at + 1)) {
    if (buffer[at + 1] === 0x0a) return at + 2;
    if (buffer[at + 1] === 0x0d && buffer[at + 2] === 0x0a) return at + 3;
  }
  return -1;
}

/** Whether `buffer` holds `text` at `at`. */
function holdsAt(buffer: Buffer, text: Buffer, at: number): boolean {
  return at + text.length <= buffer.length && buffer.compare(text, 0, text.length, at, at + text.length) === 0;
}

/** The start of the next line that begins with one of `delimiters` (`--<boundary>`), from the line at `from` on, or -1. */
function nextBoundaryLine(buffer: Buffer, from: number, delimiters: readonly Buffer[], budget: { dashLines: number }): number {
  for (let at = buffer.indexOf(DASH_LINE, Math.max(0, from - 1)); at >= 0; at = buffer.indexOf(DASH_LINE, at + 1)) {
    if (--budget.dashLines < 0) throw new BudgetSpent();
    if (delimiters.some((delimiter) => holdsAt(buffer, delimiter, at + 1))) return at + 1;
  }
  return -1;
}

/**
 * A forwarded message's part stands for the message it carries: the boundary of that message's
 * own header block, if it is multipart, is searched for like any other.
 */
function withForwardedBoundary(buffer: Buffer, part: PartHeaders, partEnd: number): PartHeaders {
  if (!part.carriesMessage) return part;
  const innerEnd = headerEnd(buffer, partEnd);
  const inner = innerEnd < 0 ? undefined : readHeaders(buffer.toString('latin1', partEnd, innerEnd));
  return inner?.boundary ? { ...part, boundary: inner.boundary } : part;
}

/** This pass's own budget is spent: the message goes on unchanged. */
class BudgetSpent extends Error {}

/**
 * The message with the bodies of the parts that cannot hold an invitation left out (their headers
 * kept), or the same bytes when there are none. One pass: each boundary line is found by a
 * native search, and only header blocks are turned into text.
 */
export function withoutBulkyBodies(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength <= READ_WHOLE_BYTES) return bytes;
  try {
    return leftOut(bytes);
  } catch (error) {
    if (error instanceof BudgetSpent) return bytes;
    throw error;
  }
}

function leftOut(bytes: Uint8Array): Uint8Array {
  const budget = { dashLines: MAX_DASH_LINES };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const topEnd = headerEnd(buffer, 0);
  const top = topEnd < 0 ? undefined : readHeaders(buffer.toString('latin1', 0, topEnd));
  if (!top?.boundary) return bytes;
  const delimiters = [Buffer.from(`--${top.boundary}`)];
  const kept: Buffer[] = [];
  let keptFrom = 0;
  for (let at = nextBoundaryLine(buffer, topEnd, delimiters, budget); at >= 0;) {
    const lineEnd = buffer.indexOf(0x0a, at);
    if (lineEnd < 0) break;
    const closing = delimiters.some((delimiter) => holdsAt(buffer, delimiter, at) && buffer[at + delimiter.length] === 0x2d);
    const partEnd = closing ? -1 : headerEnd(buffer, lineEnd + 1);
    if (closing || partEnd < 0) {
      at = nextBoundaryLine(buffer, lineEnd + 1, delimiters, budget);
      continue;
    }
    const part = withForwardedBoundary(buffer, readHeaders(buffer.toString('latin1', lineEnd + 1, partEnd)), partEnd);
    if (part.boundary && delimiters.push(Buffer.from(`--${part.boundary}`)) > MAX_DELIMITERS) throw new BudgetSpent();
    const next = nextBoundaryLine(buffer, partEnd, delimiters, budget);
    if (!part.mayHoldCalendar) {
      kept.push(buffer.subarray(keptFrom, partEnd));
      keptFrom = next < 0 ? buffer.length : next;
    }
    at = next;
  }
  if (kept.length === 0) return bytes;
  kept.push(buffer.subarray(keptFrom));
  return Buffer.concat(kept);
}
