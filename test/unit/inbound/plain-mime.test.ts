import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { neutralizeFlowed } from '../../../functions/inbound/flowed-text';
import { MIME_LIMITS, parseMessage } from '../../../functions/inbound/parse-message';
import { readPlainMime } from '../../../functions/inbound/plain-mime';
import { random } from '../../support/fuzz-mail';
import { calendar, event, forwardFanOut, message, multipart } from '../../support/hostile-mail';
import { bothReads, mutate } from '../../support/mime-agreement';

/**
 * plain-mime reads the plain shapes of mail itself and leaves every other to postal-mime; where it
 * answers, its answer must be postal-mime's, field for field and byte for byte. Each shape below
 * is one a mail client sends; each left-out form is one it must hand on; then seeded mutations of
 * all of them and of the stored fixtures look for a message on which the two readers part ways.
 */

const CRLF = '\r\n';
const part = (headers: string[], body: string) => [...headers, '', body].join(CRLF);
const invite = calendar([event()]);

const SHAPES: Record<string, string> = {
  'text only, no Content-Type': ['From: Jane <jane@example.com>', 'Subject: hello', '', 'Just text.', ''].join(CRLF),
  'alternative text and HTML, calendar beside (Google)': message({
    contentType: 'multipart/alternative; boundary="alt"',
    body: [
      '--alt',
      part(['Content-Type: text/plain; charset="UTF-8"'], 'Coffee chat\r\nWednesday'),
      '--alt',
      part(
        ['Content-Type: text/html; charset="UTF-8"', 'Content-Transfer-Encoding: quoted-printable'],
        '<p>Coffee=\r\n chat =E2=80=94 soon</p>',
      ),
      '--alt',
      part(['Content-Type: text/calendar; charset="UTF-8"; method=REQUEST', 'Content-Transfer-Encoding: 7bit'], invite),
      '--alt--',
      '',
    ].join(CRLF),
  }),
  'mixed around alternative, base64 invite.ics (Outlook)': message({
    contentType: 'multipart/mixed; boundary="_004_"',
    body: [
      '--_004_',
      part(['Content-Type: multipart/alternative; boundary="_000_"'], ''),
      '--_000_',
      part(['Content-Type: text/plain; charset="iso-8859-1"', 'Content-Transfer-Encoding: quoted-printable'], 'Caf=E9 at 3=\r\n'),
      '--_000_',
      part(['Content-Type: text/html; charset="iso-8859-1"'], '<p>Caf\xe9</p>'),
      '--_000_--',
      '',
      '--_004_',
      part(
        [
          'Content-Type: application/ics; name="invite.ics"',
          'Content-Disposition: attachment; filename="invite.ics"',
          'Content-Transfer-Encoding: base64',
        ],
        Buffer.from(invite).toString('base64').replace(/.{76}/g, `$&${CRLF}`),
      ),
      '--_004_--',
    ].join(CRLF),
  }),
  'LF line ends, folded fields, encoded words': [
    'From: =?utf-8?B?SsO8cmdlbg==?= <jurgen@example.com>',
    'To: a@example.com,',
    '  "B, C" <b@example.com>',
    'Cc: team: d@example.com, e@example.com;',
    'Subject: =?iso-8859-1?Q?Caf=E9?= =?iso-8859-1?Q?_chat?=',
    '\tfolded',
    'Date: not a date',
    'Content-Type: multipart/mixed;',
    '\tboundary=plainbound',
    '',
    'preamble',
    '--plainbound',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'first part',
    '--plainbound',
    'Content-Type: text/plain',
    'Content-Disposition: inline',
    '',
    'second part',
    '--plainbound  ',
    'Content-Type: application/pdf; name="=?utf-8?Q?r=C3=A9sum=C3=A9.pdf?="',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQK',
    '--plainbound--',
    'epilogue',
  ].join('\n'),
  'a forward attached whole, and a boundary that starts another': message({
    contentType: 'multipart/mixed; boundary="b"',
    body: [
      '--b',
      part(['Content-Type: text/plain'], 'See below.'),
      '--b',
      part(
        ['Content-Type: message/rfc822'],
        message({ contentType: 'multipart/alternative; boundary="bb"', body: '--bb\r\n\r\ninner\r\n--bb--' }),
      ),
      '--b--',
    ].join(CRLF),
  }),
  'base64 padded on every line, a broken escape, UTF-8 in a field': message({
    headers: ['X-Note: Grüße'],
    contentType: 'multipart/alternative; boundary=x',
    body: [
      '--x',
      part(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'], 'SGk=\r\nIHRo\r\nZXJlIQ=='),
      '--x',
      part(['Content-Type: text/html', 'Content-Transfer-Encoding: quoted-printable'], '<b>=ZZ and =4</b>='),
      '--x',
      part(['Content-Type: text/calendar; method="request"'], invite),
    ].join(CRLF),
  }),
  'headers only': 'From: jane@example.com\r\nSubject: empty',
  'an HTML part beside the alternative, turned into text (Notes)': multipart([
    part(
      ['Content-Type: multipart/alternative; boundary=in'],
      '--in\r\nContent-Type: text/plain\r\n\r\nTyped note\r\n--in\r\nContent-Type: text/html\r\n\r\n<p>Typed <i>note</i></p>\r\n--in--',
    ),
    part(
      ['Content-Type: text/html; charset=windows-1257', 'Content-Disposition: inline'],
      '<p>Signed <b>Jane</b> &amp; co</p><ul><li>one</li></ul>',
    ),
    part(['Content-Type: text/plain; charset=utf-8; name="c1.ics"', 'Content-Disposition: attachment; filename="c1.ics"'], invite),
  ]),
  'a text part beside an HTML-only part, turned into HTML': multipart([
    part(['Content-Type: text/html'], '<p>Hello</p>'),
    part(['Content-Type: text/plain'], 'Plain <words> & "quotes"\r\nsecond line'),
  ]),
  'forwards nested three deep': forwardFanOut(2, 3),
};

/** Forms a plain reading would get wrong: each left to postal-mime, which reads what the user sees. */
const LEFT_TO_POSTAL: Record<
  string,
  { raw: string; sees: (read: Awaited<ReturnType<typeof parseMessage>>) => unknown; expected: unknown }
> = {
  'a filename in RFC 2231 continuations': {
    raw: multipart([
      part(
        ['Content-Type: text/calendar; method=REQUEST', "Content-Disposition: attachment; filename*0*=utf-8''caf%C3%A9; filename*1=.ics"],
        invite,
      ),
    ]),
    sees: (read) => read.attachments[0]?.filename,
    expected: 'café.ics',
  },
  'a comment in Content-Type': {
    raw: message({ contentType: 'text/plain (the body); charset=utf-8', body: 'See you then' }),
    sees: (read) => read.text?.trim(),
    expected: 'See you then',
  },
  'a charset by a vendor name': {
    raw: message({ contentType: 'text/plain; charset=x-mac-roman', body: 'caf\x8e' }),
    sees: (read) => read.text?.trim(),
    expected: 'café',
  },
  'a multipart/digest (its parts are messages)': {
    raw: message({ contentType: 'multipart/digest; boundary=d', body: '--d\r\n\r\nSubject: inner\r\n\r\nhi\r\n--d--' }),
    sees: (read) => read.attachedMessages.map((forwarded) => forwarded.subject),
    expected: ['inner'],
  },
};

function fixtures(): Buffer[] {
  const found: Buffer[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.eml')) found.push(readFileSync(file));
    }
  };
  walk(path.join(__dirname, '../../fixtures'));
  return found;
}

/** The bytes parse-message hands a MIME reader: format=flowed renamed first. */
const asHanded = (raw: string | Buffer) => neutralizeFlowed(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw).raw as Buffer;

describe('plain-mime, held to postal-mime', () => {
  it.each(Object.entries(SHAPES))('reads %s as postal-mime does', async (_name, raw) => {
    const both = await bothReads(asHanded(raw));
    expect(both.plain).toBe('read');
    expect(both).not.toHaveProperty('postalRefused');
    if ('ours' in both) expect(both.ours).toEqual(both.postal);
  });

  it.each(Object.entries(LEFT_TO_POSTAL))(
    'leaves %s to postal-mime, and the message still reads',
    async (_name, { raw, sees, expected }) => {
      expect(await readPlainMime(asHanded(raw), MIME_LIMITS)).toBeUndefined();
      expect(sees(await parseMessage(Buffer.from(raw, 'latin1')))).toEqual(expected);
    },
  );

  it('leaves a message past the nesting or header limits to postal-mime, which refuses it', async () => {
    const nested = message({
      contentType: 'multipart/mixed; boundary=n0',
      body: '--n0\r\nContent-Type: multipart/mixed; boundary=n1\r\n\r\n--n1\r\n\r\nx',
    });
    expect(await readPlainMime(Buffer.from(nested), { ...MIME_LIMITS, maxNestingDepth: 1 })).toBeUndefined();
    expect(await readPlainMime(Buffer.from(nested), { ...MIME_LIMITS, maxHeadersSize: 100 })).toBeUndefined();
    expect(await readPlainMime(Buffer.from(nested), MIME_LIMITS)).toBeDefined();
  });

  it('reads every stored fixture as postal-mime does', async () => {
    const stored = fixtures();
    expect(stored.length).toBeGreaterThan(30);
    for (const raw of stored) {
      const both = await bothReads(asHanded(raw));
      expect(both.plain).toBe('read');
      if ('ours' in both) expect(both.ours).toEqual(both.postal);
    }
  });

  it('agrees with postal-mime on 3,000 seeded mutations wherever it reads one', async () => {
    const seeds = [
      ...Object.values(SHAPES).map(asHanded),
      ...Object.values(LEFT_TO_POSTAL).map(({ raw }) => asHanded(raw)),
      ...fixtures().map(asHanded),
    ];
    const next = random(20261207);
    const parted: { index: number; raw: string }[] = [];
    let read = 0;
    for (let index = 0; index < 3000; index++) {
      const mutated = mutate(seeds[index % seeds.length]!, next);
      const both = await bothReads(mutated);
      if (both.plain === 'declined') continue;
      read += 1;
      const agree = 'ours' in both && JSON.stringify(both.ours) === JSON.stringify(both.postal);
      if (!agree) parted.push({ index, raw: mutated.toString('latin1').slice(0, 2000) });
    }
    expect(parted).toEqual([]);
    // Most mutations stay plain: the comparison covered the reader, not only its refusals.
    expect(read).toBeGreaterThan(2000);
  }, 60_000);
});
