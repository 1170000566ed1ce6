/**
 * File attachments (RFC 2183 Content-Disposition) inside a multipart/mixed body (RFC 2046 §5.1.3).
 * Content is base64 (RFC 2045 §6.8) in lines of 76 characters; a file name outside plain ASCII is
 * written as an RFC 2231 extended parameter (`filename*=utf-8''…`), with an ASCII fallback beside
 * it for readers that only know `filename=`.
 */
import { headerSafe } from './header-line';
import { newBoundary } from './multipart';

/** RFC 2045 §6.8: encoded lines are no more than 76 characters. */
const BASE64_LINE_LENGTH = 76;
/** A bound on the name we write, well under what any file system or mail client keeps. */
const MAX_FILENAME_LENGTH = 120;

interface Attachment {
  filename: string;
  /** A MIME type such as `text/csv; charset=utf-8`; parameters are allowed. */
  contentType: string;
  content: Uint8Array;
}

function base64Lines(content: Uint8Array): string {
  const encoded = Buffer.from(content).toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < encoded.length; at += BASE64_LINE_LENGTH) lines.push(encoded.slice(at, at + BASE64_LINE_LENGTH));
  return lines.join('\r\n');
}

/** RFC 2045 §5.1 `token` characters: anything else in a parameter value needs quoting or encoding. */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;
/** RFC 2231 §7 `attribute-char`: what may stand unescaped in an extended value. */
const ATTRIBUTE_CHAR = /[!#$&+\-.0-9A-Z^_`a-z{|}~]/;

/** The name without path separators or control characters, bounded; `attachment` when nothing is left. */
function safeFilename(name: string): string {
  const bare = headerSafe(name)
    .replace(/[\\/]+/g, '_')
    .slice(0, MAX_FILENAME_LENGTH)
    .trim();
  return bare === '' ? 'attachment' : bare;
}

/** Encoded characters per RFC 2231 continuation, so each parameter line stays short. */
const SEGMENT_LENGTH = 60;

function percentEncoded(name: string): string[] {
  return [...Buffer.from(name, 'utf8')].map((byte) => {
    const char = String.fromCharCode(byte);
    return byte < 0x80 && ATTRIBUTE_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/**
 * The `filename` parameters of Content-Disposition: `filename=…` alone when the name is a token;
 * otherwise an ASCII fallback and the exact name as `filename*0*=utf-8''…; filename*1*=…`
 * (RFC 2231 §3 continuations, §4 charset), cut between encoded characters, never inside `%XX`.
 */
export function filenameParameters(name: string): string[] {
  const safe = safeFilename(name);
  if (TOKEN.test(safe)) return [`filename=${safe}`];
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const segments: string[] = [];
  let current = '';
  for (const piece of percentEncoded(safe)) {
    if (current.length + piece.length > SEGMENT_LENGTH) {
      segments.push(current);
      current = '';
    }
    current += piece;
  }
  segments.push(current);
  return [`filename="${ascii}"`, ...segments.map((segment, n) => `filename*${n}*=${n === 0 ? "utf-8''" : ''}${segment}`)];
}

function attachmentPart(attachment: Attachment): string[] {
  return [
    `Content-Type: ${headerSafe(attachment.contentType)}`,
    'Content-Transfer-Encoding: base64',
    // One parameter per folded line, so a long name never makes a line past the limit.
    ['Content-Disposition: attachment', ...filenameParameters(attachment.filename)].join(';\r\n '),
    '',
    base64Lines(attachment.content),
  ];
}

/**
 * multipart/mixed: the message body first (its own Content-Type and body, e.g. the
 * multipart/alternative text and HTML), then one part per attachment.
 */
export function mixedBody(
  first: { contentType: string; body: string },
  attachments: readonly Attachment[],
  boundary: string = newBoundary(),
): { contentType: string; body: string } {
  const lines = [`--${boundary}`, `Content-Type: ${first.contentType}`, '', first.body.replace(/\r\n$/, '')];
  for (const attachment of attachments) lines.push(`--${boundary}`, ...attachmentPart(attachment));
  lines.push(`--${boundary}--`, '');
  return { contentType: `multipart/mixed; boundary="${boundary}"`, body: lines.join('\r\n') };
}
