import { encodeQuotedPrintable, QP_LINE_LENGTH } from '../../../functions/mime/quoted-printable';

/** A strict decoder (RFC 2045 §6.7), to check the encoder without trusting another encoder. */
function decode(encoded: string): string {
  const bytes: number[] = [];
  const lines = encoded.split('\r\n');
  lines.forEach((line, index) => {
    const soft = line.endsWith('=');
    const content = soft ? line.slice(0, -1) : line;
    for (let i = 0; i < content.length; i += 1) {
      if (content[i] === '=') {
        bytes.push(parseInt(content.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(content.charCodeAt(i));
      }
    }
    if (!soft && index < lines.length - 1) bytes.push(0x0a);
  });
  return Buffer.from(bytes).toString('utf8');
}

describe('encodeQuotedPrintable', () => {
  const samples = [
    'plain ASCII',
    'a = b, and =41 is not A',
    'trailing spaces   \nand a tab\t\n',
    'Zoë, Ünal — café ☕, 会議, 👋🏽 and 👨‍👩‍👧',
    'x'.repeat(5000),
    'é'.repeat(1000),
    `${'word '.repeat(300)}end`,
    '.\n..leading dots\nFrom the start\n From indented',
    '',
    '\n\n\n',
  ];

  it.each(samples)('reads back exactly: %#', (text) => {
    expect(decode(encodeQuotedPrintable(text))).toBe(text);
  });

  it('keeps every line within 76 characters, soft breaks included', () => {
    for (const text of samples) {
      for (const line of encodeQuotedPrintable(text).split('\r\n')) expect(line.length).toBeLessThanOrEqual(QP_LINE_LENGTH);
    }
  });

  it('writes only printable 7-bit ASCII and CRLF line ends', () => {
    const encoded = encodeQuotedPrintable(samples.join('\r\n'));
    expect(encoded).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(encoded).not.toMatch(/[^\r]\n|\r(?!\n)/);
  });

  it('escapes `=`, non-ASCII and whitespace at the end of a line, nothing else needlessly', () => {
    expect(encodeQuotedPrintable('1 + 1 = 2')).toBe('1 + 1 =3D 2');
    expect(encodeQuotedPrintable('café')).toBe('caf=C3=A9');
    expect(encodeQuotedPrintable('end  \nnext\t')).toBe('end =20\r\nnext=09');
  });

  it('never leaves whitespace at the end of an encoded line', () => {
    for (const line of encodeQuotedPrintable(`${'a '.repeat(200)}\n${' '.repeat(100)}`).split('\r\n')) {
      expect(line).not.toMatch(/[ \t]$/);
    }
  });

  it('does not split an =XX escape across a soft line break', () => {
    const lines = encodeQuotedPrintable(`a${'é'.repeat(40)}`).split('\r\n');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/(?:^|[^=]|=[0-9A-F]{2})=$/);
    expect(lines.every((line) => /^(?:[^=]|=[0-9A-F]{2}|=$)*$/.test(line))).toBe(true);
  });

  it('escapes a leading dot and `From ` on every physical line (SMTP and mbox hazards)', () => {
    expect(encodeQuotedPrintable('.\nFrom me')).toBe('=2E\r\n=46rom me');
    const wrapped = encodeQuotedPrintable(`${'x'.repeat(75)}.rest`).split('\r\n');
    expect(wrapped[1]).toBe('=2Erest');
  });

  it('turns LF, CRLF and a lone CR into CRLF hard breaks', () => {
    expect(encodeQuotedPrintable('a\nb\r\nc\rd')).toBe('a\r\nb\r\nc\r\nd');
  });

  it('cannot produce `=_`, which the multipart boundary relies on', () => {
    expect(encodeQuotedPrintable(`=_${'=_ '.repeat(100)}=_`)).not.toContain('=_');
  });
});
