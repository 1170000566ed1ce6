/**
 * The multipart/alternative body (RFC 2046 §5.1.4): a text/plain part, then the HTML part, which
 * readers that can show it prefer because it comes last.
 */
import { randomBytes } from 'node:crypto';
import { encodeQuotedPrintable } from './quoted-printable';

interface MultipartBody {
  /** The Content-Type header value, boundary included. */
  contentType: string;
  /** Everything after the blank line that ends the message headers, CRLF line ends. */
  body: string;
}

/**
 * A random boundary starting with `=_`. RFC 2046 §5.1.1 requires a boundary that occurs nowhere
 * in the parts; quoted-printable output can never contain `=_` (an `=` is followed by two hex
 * digits or a line break; RFC 2045 §6.7 suggests this very trick), so no scan is needed. `=` is a
 * tspecial, hence the quotes around it in the Content-Type.
 */
export function newBoundary(): string {
  return `=_rapport_${randomBytes(12).toString('hex')}`;
}

function textPart(subtype: 'plain' | 'html', content: string): string[] {
  return [
    `Content-Type: text/${subtype}; charset=utf-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    encodeQuotedPrintable(content),
  ];
}

/**
 * The CRLF before each `--boundary` belongs to the delimiter (RFC 2046 §5.1.1), so a part's
 * content reads back without a line break it did not have.
 */
export function alternativeBody(text: string, html: string, boundary: string = newBoundary()): MultipartBody {
  const lines = [`--${boundary}`, ...textPart('plain', text), `--${boundary}`, ...textPart('html', html), `--${boundary}--`, ''];
  return { contentType: `multipart/alternative; boundary="${boundary}"`, body: lines.join('\r\n') };
}
