import { withoutBulkyBodies } from '../../../functions/inbound/bulky-parts';

/** Issue 24: bodies that cannot hold an invitation are left out before parsing; everything else stays byte for byte. */
const base64Lines = (bytes: number, char = 'A') => Array.from({ length: Math.ceil(bytes / 57) }, () => char.repeat(76)).join('\r\n');

function message(parts: { headers: string[]; body: string }[]): Buffer {
  const lines = ['From: a@example.com', 'Subject: Fwd: call', 'Content-Type: multipart/mixed;', '\tboundary="outer"', '', 'preamble'];
  for (const part of parts) lines.push('--outer', ...part.headers, '', part.body);
  lines.push('--outer--', '');
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

const calendar = { headers: ['Content-Type: text/calendar; method=REQUEST'], body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' };
const icsAsOctets = {
  headers: ['Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="invite.ics"'],
  body: base64Lines(1_200_000, 'Q'),
};
const pdf = {
  headers: ['Content-Type: application/pdf; name="deck.pdf"', 'Content-Transfer-Encoding: base64'],
  body: base64Lines(2_000_000),
};
const photo = { headers: ['Content-Type: image/jpeg'], body: base64Lines(500_000, 'B') };

describe('leaving out bodies that cannot hold an invitation', () => {
  it('drops the PDF and the photo bodies, keeps their headers, the calendar and an .ics sent as octets', () => {
    const raw = message([calendar, pdf, icsAsOctets, photo]);
    const read = Buffer.from(withoutBulkyBodies(raw)).toString('latin1');
    expect(read).toBe(
      message([calendar, { ...pdf, body: '' }, icsAsOctets, { ...photo, body: '' }])
        .toString('latin1')
        .replace(/\r\n\r\n\r\n/g, '\r\n\r\n'),
    );
    expect(read).toContain('name="deck.pdf"');
    expect(read.length).toBeLessThan(raw.length / 2);
  });

  it('keeps a message whose parts may all be calendars as it is, and a small one unread', () => {
    const raw = message([calendar, icsAsOctets]);
    expect(withoutBulkyBodies(raw)).toBe(raw);
    const small = message([calendar, { ...pdf, body: base64Lines(10_000) }]);
    expect(withoutBulkyBodies(small)).toBe(small);
  });

  it('looks into a forwarded message/rfc822 part and drops the PDF it carries, keeping its calendar', () => {
    const forwarded = Buffer.from(
      [
        'From: b@example.com',
        'Subject: call',
        'Content-Type: multipart/mixed; boundary="inner"',
        '',
        '--inner',
        ...calendar.headers,
        '',
        calendar.body,
        '--inner',
        ...pdf.headers,
        '',
        pdf.body,
        '--inner--',
        '',
      ].join('\r\n'),
      'latin1',
    ).toString('latin1');
    const raw = message([
      { headers: ['Content-Type: text/plain'], body: 'see below' },
      { headers: ['Content-Type: message/rfc822'], body: forwarded },
    ]);
    const read = Buffer.from(withoutBulkyBodies(raw)).toString('latin1');
    expect(read.length).toBeLessThan(2_000);
    expect(read).toContain('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n--inner\r\nContent-Type: application/pdf; name="deck.pdf"');
    expect(read).toContain('Content-Transfer-Encoding: base64\r\n\r\n--inner--\r\n');
  });

  it('leaves a base64-encoded message/rfc822 part to the parser, as it cannot be searched', () => {
    const raw = message([
      calendar,
      { headers: ['Content-Type: message/rfc822', 'Content-Transfer-Encoding: base64'], body: base64Lines(1_200_000) },
    ]);
    expect(withoutBulkyBodies(raw)).toBe(raw);
  });

  it('hands on unchanged a message with more boundary-like lines than it looks at', () => {
    const raw = message([
      calendar,
      { headers: ['Content-Type: application/pdf'], body: `${'--x\r\n'.repeat(5000)}${base64Lines(1_100_000)}` },
    ]);
    expect(withoutBulkyBodies(raw)).toBe(raw);
  });
});
