import PostalMime from 'postal-mime';
import { composeMime } from '../../../functions/mime/compose-mime';
import { listUnsubscribeHeaders } from '../../../functions/mime/list-unsubscribe';
import type { OutboundEmail } from '../../../functions/ports';

const EMAIL: OutboundEmail = {
  from: 'Rapport <log@rapport.example>',
  to: 'me@mine.org',
  subject: 'Your week in informational interviews',
  text: 'text',
  html: '<p>html</p>',
  autoSubmitted: 'auto-generated',
};
const STOP = 'reply+s0b2f-0a1b2c3d4e5f--0123456789abcdef@rapport.example';
const ONE_CLICK = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/unsubscribe/s0b2f-0a1b2c3d4e5f--0123456789abcdef';

describe('List-Unsubscribe (RFC 2369, RFC 8058)', () => {
  it('is written folded, one-click link first, and a MIME parser reads both URIs and the one-click Post back', async () => {
    const { raw } = await composeMime(
      { ...EMAIL, listUnsubscribe: { mailto: `mailto:${STOP}?subject=unsubscribe`, oneClick: ONE_CLICK } },
      { date: new Date('2026-12-07T08:00:00Z') },
    );
    const head = raw.toString('ascii').split('\r\n\r\n')[0]!;
    // Folded between the two URIs (RFC 5322 §2.2.3): each on a line of its own.
    expect(head).toContain(`List-Unsubscribe: <${ONE_CLICK}>,\r\n <mailto:${STOP}?subject=unsubscribe>`);
    const parsed = await PostalMime.parse(raw);
    const header = (key: string) => parsed.headers.find((h) => h.key === key)?.value;
    expect(header('list-unsubscribe')!.replace(/\s+/g, ' ')).toBe(`<${ONE_CLICK}>, <mailto:${STOP}?subject=unsubscribe>`);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('offers only the mailto, with no one-click Post, where no link is configured', () => {
    expect(listUnsubscribeHeaders({ mailto: `mailto:${STOP}?subject=unsubscribe` })).toEqual([
      `List-Unsubscribe: <mailto:${STOP}?subject=unsubscribe>`,
    ]);
  });

  it('is absent from every other email', async () => {
    const { raw } = await composeMime(EMAIL, { date: new Date('2026-12-07T08:00:00Z') });
    expect(raw.toString('ascii')).not.toMatch(/^List-Unsubscribe/im);
  });

  it.each([
    ['a space', 'https://x.example/unsubscribe/a b'],
    ['a comma', 'https://x.example/unsubscribe/a,b'],
    ['an angle bracket', 'https://x.example/unsubscribe/a>b'],
    ['a line break', 'https://x.example/unsubscribe/a\r\nBcc: x@evil.example'],
    ['another scheme', 'javascript:alert(1)'],
  ])('refuses a one-click URI with %s rather than write a broken header', (_what, oneClick) => {
    expect(() => listUnsubscribeHeaders({ mailto: `mailto:${STOP}`, oneClick })).toThrow(RangeError);
  });
});
