import { headerSectionEnd, MAX_HEADER_SECTION_BYTES } from '../../../functions/inbound/header-budget';
import { readInboundMail } from '../../../functions/inbound/read-inbound-mail';

/** The parser (and so the SES path) keeps the same header budget as the SMTP check: past it, nobody reads the From. */
describe('one header budget', () => {
  const padding = Array.from({ length: 270 }, (_, n) => `X-Padding-${n}: ${'a'.repeat(1000)}`).join('\r\n');
  const envelope = {
    recipients: ['log@rapport.example'],
    authenticated: true,
    deliveryId: 'd1',
    receivedAt: new Date('2027-02-20T09:30:00Z'),
  };

  it('finds where a header section ends, and nothing past the budget', () => {
    expect(headerSectionEnd(Buffer.from('From: a@b.example\r\nSubject: x\r\n\r\nbody'))).toBe(31);
    expect(headerSectionEnd(Buffer.from('From: a@b.example\n\nbody'))).toBe(18);
    expect(headerSectionEnd(Buffer.from(`${padding}\r\nFrom: a@b.example\r\n\r\nbody`))).toBeUndefined();
    expect(270 * 1000).toBeGreaterThan(MAX_HEADER_SECTION_BYTES);
  });

  it('does not read a From behind 270 padding headers as the sender', async () => {
    const read = await readInboundMail(`${padding}\r\nFrom: alice@allowed.example\r\nSubject: hi\r\n\r\nhello\r\n`, envelope);
    expect(read).toEqual({ ok: false, why: `its header section is over ${MAX_HEADER_SECTION_BYTES} bytes` });
  });
});
