/**
 * Quoted-printable body encoding (RFC 2045 §6.7) for text parts in UTF-8.
 */

/** RFC 2045 §6.7 (5): encoded lines are at most 76 characters, the soft break's `=` included. */
export const QP_LINE_LENGTH = 76;

const DOT = 0x2e;
const EQUALS = 0x3d;
const SPACE = 0x20;
const TAB = 0x09;
const FROM_SPACE = Buffer.from('From ', 'ascii');

function escape(byte: number): string {
  return `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * One byte at `index`, as written at this place on the line:
 * - printable ASCII but `=` stands for itself (rule 2);
 * - space and tab too, except at the end of the line, where a gateway may strip them (rule 3);
 * - `.` and the `F` of `From ` at the start of a physical line are escaped although they need not
 *   be: a lone `.` ends an SMTP DATA block if a relay forgets dot-stuffing, and mbox writers turn
 *   `From ` into `>From `. Escaping them costs two characters and removes both hazards.
 * - everything else, non-ASCII UTF-8 bytes included, is `=XX` (rule 1).
 */
function encodeByte(line: Buffer, index: number, atLineStart: boolean): string {
  const byte = line[index] ?? 0;
  const last = index === line.length - 1;
  if (atLineStart && byte === DOT) return escape(byte);
  if (atLineStart && line.subarray(index, index + FROM_SPACE.length).equals(FROM_SPACE)) return escape(byte);
  if ((byte === SPACE || byte === TAB) && !last) return String.fromCharCode(byte);
  if (byte > SPACE && byte < 0x7f && byte !== EQUALS) return String.fromCharCode(byte);
  return escape(byte);
}

/**
 * One line of text (no line break in it) as one or more encoded lines, all but the last ending
 * in a soft line break `=` (rule 5). An `=XX` escape is never split across lines.
 */
function encodeLine(line: Buffer): string[] {
  const lines: string[] = [];
  let current = '';
  for (let index = 0; index < line.length; index += 1) {
    let encoded = encodeByte(line, index, current === '');
    // The last byte needs no room for a soft break after it.
    const room = index === line.length - 1 ? QP_LINE_LENGTH : QP_LINE_LENGTH - 1;
    if (current.length + encoded.length > room) {
      lines.push(`${current}=`);
      current = '';
      encoded = encodeByte(line, index, true);
    }
    current += encoded;
  }
  lines.push(current);
  return lines;
}

/**
 * `text` as a quoted-printable body with CRLF line ends. Line breaks in the text (LF, CRLF or a
 * lone CR) become CRLF hard breaks, the canonical form of text/* (RFC 2045 §6.7 rule 4, RFC 2046
 * §4.1.1). The output is 7-bit and cannot contain `=_`, which the multipart boundary relies on.
 */
export function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .flatMap((line) => encodeLine(Buffer.from(line, 'utf8')))
    .join('\r\n');
}
