import PostalMime from 'postal-mime';
import { composeMime } from '../../../functions/mime/compose-mime';
import type { OutboundEmail } from '../../../functions/ports';

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

/** Every message needs a Date header; the sender's clock gives it. */
const SENT_AT = new Date('2025-12-02T14:00:00Z');

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
    const { raw } = await composeMime(reminder, { date: SENT_AT });
    const parsed = await PostalMime.parse(raw);
    expect(headerBlock(raw)).toMatch(/Content-Type: multipart\/alternative/i);
    expect(parsed.text?.trim()).toBe(reminder.text.trim());
    expect(raw.toString('utf8')).not.toMatch(/[^\r]\n/);
    expect(parsed.html).toContain('<b>Jane Doe</b>');
  });

  it('uses the given Message-ID domain', async () => {
    const { messageId } = await composeMime(reminder, { messageIdDomain: 'mail.rapport.example', date: SENT_AT });
    expect(messageId).toMatch(/@mail\.rapport\.example>$/);
  });

  it('cannot be made to add a header through a subject or address taken from an email', async () => {
    const hostile: OutboundEmail = {
      ...reminder,
      subject: 'a\r\nBcc: x@evil.example',
      to: 'ada@example.com\r\nBcc: y@evil.example',
      inReplyTo: '<x@y>\r\nBcc: z@evil.example',
    };
    const { raw } = await composeMime(hostile, { date: SENT_AT });
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
    const { raw } = await composeMime(longEmail, { date: SENT_AT });
    const lines = raw.toString('utf8').split('\r\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(998);
    expect(raw.toString('utf8')).not.toMatch(/[^\r]\n/);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.text).toContain(`Start ${longWord} end`);
    expect(parsed.html).toContain('<span>Jane Doe, Acme</span> '.repeat(200));
    expect(parsed.subject).toBe(longEmail.subject);
  });

  it('encodes non-ASCII names and subjects so they read back unchanged', async () => {
    const { raw } = await composeMime(
      { ...reminder, to: 'Zoë Ünal <zoe@example.com>', subject: 'Danke für das Gespräch 👋' },
      { date: SENT_AT },
    );
    const parsed = await PostalMime.parse(raw);
    expect(parsed.to?.[0]?.name).toBe('Zoë Ünal');
    expect(parsed.subject).toBe('Danke für das Gespräch 👋');
    // Every byte is 7-bit ASCII: non-ASCII travels encoded.
    expect(raw.every((byte) => byte < 0x80)).toBe(true);
  });
});

describe('composeMime round trip', () => {
  /**
   * What postal-mime returns for a part we wrote: it keeps the CRLF before the next boundary,
   * which RFC 2046 §5.1.1 assigns to the delimiter, so every part reads back with one more "\n"
   * (the same happens for a hand-written message). Everything before it must match exactly.
   */
  const asRead = (content: string): string => `${content}\n`;
  const lines = (raw: Buffer): string[] => raw.toString('latin1').split('\r\n');

  /** The lines of every quoted-printable part body, between its blank line and the next boundary. */
  function qpBodyLines(raw: Buffer): string[] {
    const text = raw.toString('latin1');
    const boundary = /boundary="([^"]+)"/.exec(text)?.[1] ?? '';
    return text
      .split(`--${boundary}`)
      .filter((part) => /Content-Transfer-Encoding: quoted-printable/i.test(part))
      .flatMap((part) => part.slice(part.indexOf('\r\n\r\n') + 4).split('\r\n'));
  }

  const international: OutboundEmail = {
    ...reminder,
    from: 'Rapport — Zoë’s assistant <log@rapport.example>',
    to: '山田 太郎 (Acme; Tokyo) <taro@example.jp>',
    replyTo: 'Ünal, Zoë 👋 <reply+abc.def@rapport.example>',
    subject: `Danke für das Gespräch 👋🏽 — 会議のフォローアップ — café “crème” ${'naïve '.repeat(30)}🇫🇷`,
    text: `Grüße, Zoë 👨‍👩‍👧\n\n会議ありがとうございました。\n${'Ω'.repeat(2500)}${'x'.repeat(5000)}\n1 + 1 = 2   \n\ttabbed\t\n.\nFrom here\n`,
    html: `<p style="color: red">Grüße =?UTF-8?B?aGk=?= ${'<b>会議</b> '.repeat(400)}</p>${'y'.repeat(5000)}  `,
  };

  it('reads back non-ASCII subject, names, text and HTML exactly', async () => {
    const { raw } = await composeMime(international, { date: new Date('2025-12-02T14:00:00Z') });
    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toBe(international.subject);
    expect(parsed.from).toEqual({ name: 'Rapport — Zoë’s assistant', address: 'log@rapport.example' });
    expect(parsed.to).toEqual([{ name: '山田 太郎 (Acme; Tokyo)', address: 'taro@example.jp' }]);
    expect(parsed.replyTo).toEqual([{ name: 'Ünal, Zoë 👋', address: 'reply+abc.def@rapport.example' }]);
    expect(parsed.text).toBe(asRead(international.text));
    expect(parsed.html).toBe(asRead(international.html));
  });

  it('writes 7-bit ASCII, CRLF only, no line over 998 and no header line over 78 here', async () => {
    const { raw } = await composeMime(international, { date: SENT_AT });
    expect(raw.toString('latin1')).toMatch(/^[\t\x20-\x7e\r\n]*$/);
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n|\r(?!\n)/);
    for (const line of lines(raw)) expect(line.length).toBeLessThanOrEqual(998);
    for (const line of headerBlock(raw).split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('keeps quoted-printable lines within 76 characters', async () => {
    const { raw } = await composeMime(international, { date: SENT_AT });
    const body = qpBodyLines(raw);
    expect(body.length).toBeGreaterThan(100);
    for (const line of body) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('keeps `=`, trailing spaces and text that looks encoded as written', async () => {
    const text = 'a=b =3D =?UTF-8?Q?x?= =\nspaces after   \ntab after\t\nlast line ends in spaces  ';
    const { raw } = await composeMime(
      { ...reminder, text, html: `<a href="?a=1&b=2">=</a>  `, subject: 'a=b =?UTF-8?Q?x?= end' },
      { date: SENT_AT },
    );
    const parsed = await PostalMime.parse(raw);
    expect(parsed.text).toBe(asRead(text));
    expect(parsed.html).toBe(asRead('<a href="?a=1&b=2">=</a>  '));
    expect(parsed.subject).toBe('a=b =?UTF-8?Q?x?= end');
  });

  it('uses a boundary that occurs only as a delimiter, different each time', async () => {
    const first = await composeMime({ ...reminder, text: '--=_rapport_ =_ --', html: '=_' }, { date: SENT_AT });
    const second = await composeMime(reminder, { date: SENT_AT });
    const boundaryOf = (raw: Buffer): string => /boundary="([^"]+)"/.exec(raw.toString('latin1'))?.[1] ?? '';
    expect(boundaryOf(first.raw)).not.toBe(boundaryOf(second.raw));
    const uses = first.raw.toString('latin1').split(boundaryOf(first.raw)).length - 1;
    expect(uses).toBe(4); // the Content-Type, two part delimiters and the close delimiter
  });

  it('writes the RFC 5322 date and the MIME and auto-response headers', async () => {
    const { raw } = await composeMime(reminder, { date: new Date('2025-03-09T07:05:03Z') });
    const headers = headerBlock(raw);
    expect(headers).toMatch(/^Date: Sun, 09 Mar 2025 07:05:03 \+0000$/m);
    expect(headers).toMatch(/^MIME-Version: 1\.0$/m);
    expect(headers).toMatch(/^X-Auto-Response-Suppress: All$/m);
    expect(headers).toMatch(/^Auto-Submitted: auto-generated$/m);
  });

  it('folds a long References header and keeps every id', async () => {
    const references = Array.from({ length: 120 }, (_, i) => `<CAF${'q'.repeat(30)}-${i}@mail.gmail.example>`);
    const { raw } = await composeMime({ ...reminder, references }, { date: SENT_AT });
    const parsed = await PostalMime.parse(raw);
    expect(parsed.references).toBe(references.join(' '));
    const folded = /^References:.*(?:\r\n[ \t].*)*/m.exec(headerBlock(raw))?.[0] ?? '';
    expect(folded.split('\r\n').length).toBeGreaterThan(50);
    for (const line of folded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('drops a message id that could not fit on a line rather than write an overlong line', async () => {
    const { raw } = await composeMime(
      { ...reminder, inReplyTo: `<${'a'.repeat(2000)}@x>`, references: ['<ok@x>', `<${'b'.repeat(2000)}@x>`] },
      { date: SENT_AT },
    );
    const parsed = await PostalMime.parse(raw);
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.references).toBe('<ok@x>');
    for (const line of lines(raw)) expect(line.length).toBeLessThanOrEqual(998);
  });

  it.each<[string, Partial<OutboundEmail>]>([
    ['subject', { subject: 'Hi\r\nBcc: a@evil.example\r\n\r\n<h1>fake body</h1>' }],
    ['subject with a bare LF', { subject: 'Hi\nBcc: a@evil.example' }],
    ['subject with a lone CR and NUL', { subject: 'Hi\rBcc: a@evil.example\u0000' }],
    ['non-ASCII subject', { subject: 'Grüße\r\nBcc: a@evil.example' }],
    ['To display name', { to: 'Ada\r\nBcc: a@evil.example <ada@example.com>' }],
    ['To after the address', { to: 'Ada <ada@example.com>\r\nBcc: a@evil.example' }],
    ['From', { from: 'Rapport <log@rapport.example>\nBcc: a@evil.example' }],
    ['Reply-To', { replyTo: 'reply@rapport.example\r\nBcc: a@evil.example' }],
    ['In-Reply-To', { inReplyTo: '<x@y>\r\nBcc: a@evil.example' }],
    ['References', { references: ['<x@y>\r\nBcc: a@evil.example', '<z@y>\nX-Injected: 1'] }],
  ])('cannot be made to add a header through the %s', async (_, change) => {
    const { raw } = await composeMime({ ...reminder, ...change }, { date: SENT_AT });
    const headers = headerBlock(raw);
    expect(headers).not.toMatch(/^(?:bcc|x-injected):/im);
    for (const line of headers.split('\r\n').slice(1)) {
      expect(line).toMatch(/^(?:[A-Za-z-]+: |[ \t])/);
    }
    const parsed = await PostalMime.parse(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.filter((h) => h.key === 'bcc' || h.key === 'x-injected')).toEqual([]);
    expect(parsed.to).toHaveLength(1);
    expect(parsed.text).toBe(asRead(reminder.text));
  });

  it('takes the Message-ID domain from the From address when none is given', async () => {
    const { messageId } = await composeMime({ ...reminder, from: 'Rapport <log@Mail.Rapport.Example>' }, { date: SENT_AT });
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@mail\.rapport\.example>$/);
  });

  it('shows no bidi control character from an invitation: not in the subject, the names, the text or the HTML', async () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
    const spoofed = `Coffee chat with Jane ${bidi.join('')}fdp.exe`;
    const { raw } = await composeMime(
      { ...reminder, to: `Ada \u202eLovelace <ada@example.com>`, subject: spoofed, text: `Hello\n${spoofed}\n`, html: `<p>${spoofed}</p>` },
      { date: SENT_AT },
    );
    const parsed = await PostalMime.parse(raw);
    const shown = [parsed.subject, parsed.to?.[0]?.name, parsed.text, parsed.html].join('\n');
    expect(shown).toContain('Coffee chat with Jane fdp.exe');
    expect([...shown].filter((c) => bidi.includes(c)).map((c) => c.codePointAt(0)!.toString(16))).toEqual([]);
  });
});
