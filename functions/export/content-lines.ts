/**
 * Content lines for the files the export writes, iCalendar (RFC 5545 §3.1) and vCard 4.0
 * (RFC 6350 §3.2): NAME[;PARAM=VALUE]:VALUE, each line folded at 75 octets with CRLF and one
 * space, never inside a UTF-8 character. Values are escaped by the helpers below, per type.
 */

/** RFC 5545 §3.1 / RFC 6350 §3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

/** One content line, folded; `value` is already encoded for its type. */
export function contentLine(name: string, value: string): string {
  const line = `${name}:${value}`;
  // ASCII-only lines (almost all) fold by length alone.
  if (Buffer.byteLength(line) <= MAX_LINE_OCTETS) return line;
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    // A continuation line's leading space counts toward its 75 octets.
    const limit = pieces.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      pieces.push(piece);
      piece = '';
      octets = 0;
    }
    piece += character;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join('\r\n ');
}

/** A component's lines between BEGIN and END. */
export function component(name: string, lines: readonly string[]): string[] {
  return [`BEGIN:${name}`, ...lines, `END:${name}`];
}

/** iCalendar TEXT (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped. */
export function icalText(text: string): string {
  return escapeText(text);
}

/**
 * vCard TEXT (RFC 6350 §3.4): backslash, comma and newline escaped, and semicolons too — readers
 * split an unescaped one as if the value were compound (vcard4 does), cutting a note in pieces.
 */
export function vcardText(text: string): string {
  return escapeText(text);
}

/** A vCard structured value (N, ORG): components separated by ";", each with its semicolons escaped too (RFC 6350 §3.4). */
export function vcardStructured(parts: readonly string[]): string {
  return parts.map(escapeText).join(';');
}

/** DATE-TIME in UTC (RFC 5545 §3.3.5 form #2) from an ISO instant: 20270302T140000Z. */
export function utcDateTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** DATE (RFC 5545 §3.3.4) of an ISO instant's UTC day: 20270401. */
export function utcDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10).replace(/-/g, '');
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', ';': '\\;', ',': '\\,', '\n': '\\n', '\r': '' };

/** TEXT as both RFC 5545 §3.3.11 and RFC 6350 §3.4 write it; a bare CR is dropped (a line break is written as \n). */
function escapeText(text: string): string {
  let out = '';
  for (const character of text) out += TEXT_ESCAPES[character] ?? character;
  return out;
}
