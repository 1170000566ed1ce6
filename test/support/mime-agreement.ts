import { MIME_LIMITS, readWithPostalMime } from '../../functions/inbound/parse-message';
import { readPlainMime, type MimeRead } from '../../functions/inbound/plain-mime';

/** A read as parse-message sees it: content as bytes in hex, headers without postal-mime's extra keys. */
export function comparable(read: MimeRead): unknown {
  const bytes = (content: ArrayBuffer | Uint8Array | string) =>
    Buffer.from(
      typeof content === 'string' ? Buffer.from(content) : content instanceof Uint8Array ? content : new Uint8Array(content),
    ).toString('hex');
  return {
    headers: read.headers.map(({ key, value }) => ({ key, value })),
    from: read.from,
    to: read.to,
    cc: read.cc,
    subject: read.subject,
    messageId: read.messageId,
    inReplyTo: read.inReplyTo,
    references: read.references,
    date: read.date,
    text: read.text,
    html: read.html,
    attachments: read.attachments.map((a) => ({ mimeType: a.mimeType, filename: a.filename, method: a.method, content: bytes(a.content) })),
  };
}

export type Agreement =
  { plain: 'declined' } | { plain: 'read'; ours: unknown; postal: unknown } | { plain: 'read'; postalRefused: string };

/** plain-mime's read of a message beside postal-mime's, as parse-message asks both. */
export async function bothReads(bytes: Uint8Array): Promise<Agreement> {
  const ours = await readPlainMime(bytes, MIME_LIMITS);
  if (!ours) return { plain: 'declined' };
  try {
    const postal = await readWithPostalMime(bytes);
    return { plain: 'read', ours: comparable(ours), postal: comparable(postal) };
  } catch (error) {
    return { plain: 'read', postalRefused: String(error) };
  }
}

/** Bytes a mutation writes: those MIME reading turns on (field syntax, boundaries, encodings, line ends) and some that are not ASCII. */
const INTERESTING = Buffer.from('-=";:( \\\r\n\t*_?\x00AZ9+/', 'latin1');
const NOT_ASCII = [0x80, 0xa0, 0xc3, 0xe2, 0xef, 0xff];
/** Lines a mutation inserts: fields that change how a part is read, a fold, an encoded word. */
const LINES = [
  'Content-Type: text/html',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Type: multipart/alternative; boundary=zz',
  'Content-Type: text/calendar; method=CANCEL; charset="utf-8"',
  'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Disposition: attachment; filename="a.ics"',
  '  folded on',
  'Subject: =?utf-8?B?w6k=?= =?iso-8859-1?Q?caf=E9?=',
  '',
  '--zz',
  '--zz--',
  '=C3=A9=',
  'QUJD==REVG',
];

/** One seeded mutation of a message: one to three edits of bytes or lines, each at a spot the seed picks. */
export function mutate(raw: Buffer, next: () => number): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  let bytes = raw;
  const edits = 1 + Math.floor(next() * 3);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(next() * (bytes.length + 1));
    const lines = bytes.toString('latin1').split('\n');
    const line = Math.floor(next() * lines.length);
    const boundary = /boundary="?([^";\r\n]+)/i.exec(bytes.toString('latin1'))?.[1] ?? 'zz';
    const withLines = (edited: string[]) => Buffer.from(edited.join('\n'), 'latin1');
    const byte = next() < 0.8 ? pick([...INTERESTING]) : pick(NOT_ASCII);
    const fields = lines.flatMap((text, index) => (/^content-/i.test(text) ? [index] : []));
    switch (Math.floor(next() * 10)) {
      case 9: {
        // Inside a field that decides how a part is read: its syntax is where readers part ways.
        const field = fields.length ? pick(fields) : line;
        const text = lines[field]!;
        const spot = Math.floor(next() * (text.length + 1));
        const edited = text.slice(0, spot) + String.fromCharCode(byte) + text.slice(spot + (next() < 0.5 ? 1 : 0));
        bytes = withLines(lines.map((original, index) => (index === field ? edited : original)));
        break;
      }
      case 0:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.of(byte), bytes.subarray(at + 1)]);
        break;
      case 1:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.of(byte), bytes.subarray(at)]);
        break;
      case 2:
        bytes = withLines(lines.filter((_, index) => index !== line));
        break;
      case 3:
        bytes = withLines(lines.flatMap((text, index) => (index === line ? [text, text] : [text])));
        break;
      case 4:
        bytes = bytes.subarray(0, at);
        break;
      case 5:
        bytes = withLines(lines.map((text, index) => (index === line ? (next() < 0.5 ? text.toUpperCase() : text.toLowerCase()) : text)));
        break;
      case 6:
        bytes = withLines(lines.flatMap((text, index) => (index === line ? [pick(LINES), text] : [text])));
        break;
      case 7: {
        const delimiter = `--${boundary}${pick(['', '--', '  ', '-- \t', 'x'])}\r`;
        bytes = withLines(lines.flatMap((text, index) => (index === line ? [delimiter, text] : [text])));
        break;
      }
      default:
        bytes = withLines(lines.map((text, index) => (index === line ? text.replace(/\r$/, '') : text)));
    }
  }
  return bytes;
}
