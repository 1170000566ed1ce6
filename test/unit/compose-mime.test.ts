import PostalMime from 'postal-mime';
import { composeMime } from '../../functions/mail/outbound/compose-mime';
import type { OutboundEmail } from '../../functions/ports';

const reminder: OutboundEmail = {
  from: 'Rapport <log@rapport.example>',
  to: 'Ada Lovelace <ada@example.com>',
  replyTo: 'reply+abc.def@rapport.example',
  subject: 'Prep brief: coffee chat with Jane Doe (Acme) — Tue 3 Dec 15:00',
  text: 'Hello Ada,\n\nYour coffee chat with Jane Doe is tomorrow.\n',
  html: '<p>Hello Ada,</p><p>Your coffee chat with <b>Jane Doe</b> is tomorrow.</p>',
  inReplyTo: '<first@rapport.example>',
  references: ['<root@mail.example>', 'first@rapport.example'],
  autoSubmitted: 'auto-generated',
};

function headerBlock(raw: Buffer): string {
  const text = raw.toString('utf8');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

describe('composeMime', () => {
  it('writes the headers a mail client shows and threads by', async () => {
    const { raw, messageId } = await composeMime(reminder, { date: new Date('2025-12-02T14:00:00Z') });
    const parsed = await PostalMime.parse(raw);

    expect(parsed.subject).toBe(reminder.subject);
    expect(parsed.from).toMatchObject({ name: 'Rapport', address: 'log@rapport.example' });
    expect(parsed.to?.[0]).toMatchObject({ name: 'Ada Lovelace', address: 'ada@example.com' });
    expect(parsed.replyTo?.[0]?.address).toBe('reply+abc.def@rapport.example');
    expect(parsed.inReplyTo).toBe('<first@rapport.example>');
    expect(parsed.references).toBe('<root@mail.example> <first@rapport.example>');
    expect(parsed.messageId).toBe(messageId);
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@rapport\.example>$/);
    expect(new Date(parsed.date ?? '').toISOString()).toBe('2025-12-02T14:00:00.000Z');
    const autoSubmitted = parsed.headers.find((h) => h.key === 'auto-submitted');
    expect(autoSubmitted?.value).toBe('auto-generated');
  });

  it('sends a plain-text part beside the HTML', async () => {
    const { raw } = await composeMime(reminder);
    const parsed = await PostalMime.parse(raw);
    expect(headerBlock(raw)).toMatch(/Content-Type: multipart\/alternative/i);
    expect(parsed.text?.trim()).toBe(reminder.text.trim());
    expect(raw.toString('utf8')).not.toMatch(/[^\r]\n/);
    expect(parsed.html).toContain('<b>Jane Doe</b>');
  });

  it('uses the given Message-ID domain', async () => {
    const { messageId } = await composeMime(reminder, { messageIdDomain: 'mail.rapport.example' });
    expect(messageId).toMatch(/@mail\.rapport\.example>$/);
  });

  it('cannot be made to add a header through a subject or address taken from an email', async () => {
    const hostile: OutboundEmail = {
      ...reminder,
      subject: 'a\r\nBcc: x@evil.example',
      to: 'ada@example.com\r\nBcc: y@evil.example',
      inReplyTo: '<x@y>\r\nBcc: z@evil.example',
    };
    const { raw } = await composeMime(hostile);
    const headers = headerBlock(raw);
    expect(headers).not.toMatch(/^bcc:/im);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).toBe('a Bcc: x@evil.example');
    expect(parsed.headers.filter((h) => h.key === 'bcc')).toEqual([]);
  });

  it('keeps every line under 1,000 characters and the long content intact', async () => {
    const longWord = 'x'.repeat(5000);
    const longEmail: OutboundEmail = {
      ...reminder,
      subject: `Prep brief: ${'very long title '.repeat(40)}`.trim(),
      text: `Start ${longWord} end`,
      html: `<p>${'<span>Jane Doe, Acme</span> '.repeat(200)}</p>`,
      references: Array.from({ length: 40 }, (_, i) => `<message-${i}@mail.example>`),
    };
    const { raw } = await composeMime(longEmail);
    const lines = raw.toString('utf8').split('\r\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(998);
    expect(raw.toString('utf8')).not.toMatch(/[^\r]\n/);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.text).toContain(`Start ${longWord} end`);
    expect(parsed.html).toContain('<span>Jane Doe, Acme</span> '.repeat(200));
    expect(parsed.subject).toBe(longEmail.subject);
  });

  it('encodes non-ASCII names and subjects so they read back unchanged', async () => {
    const { raw } = await composeMime({ ...reminder, to: 'Zoë Ünal <zoe@example.com>', subject: 'Danke für das Gespräch 👋' });
    const parsed = await PostalMime.parse(raw);
    expect(parsed.to?.[0]?.name).toBe('Zoë Ünal');
    expect(parsed.subject).toBe('Danke für das Gespräch 👋');
    expect(/[^\x00-\x7f]/.test(raw.toString('latin1'))).toBe(false);
  });
});
