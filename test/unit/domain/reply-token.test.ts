import { parseTokenKeys, readReplyAddress, replyAddress, TOKEN_KINDS } from '../../../functions/domain/reply-token';
import { automatedReason, isAllowedSender, isAuthenticated } from '../../../functions/inbound/sender-policy';

describe('reply addresses', () => {
  const keys = { current: 'test-secret' };
  const target = { kind: 'prep-brief' as const, userId: '0a1b2c3d4e5f', interviewId: '0123456789abcdef0123' };
  const issued = new Date('2026-03-10T18:00:00Z');
  const days = (n: number) => new Date(issued.getTime() + n * 86_400_000);

  it('route a reply back to its user, interview and kind, whatever the case of the address', () => {
    const address = replyAddress(target, 'rapport.localhost', keys, issued);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(readReplyAddress(address, keys, days(1))).toEqual({ status: 'valid', target, issuedOn: new Date('2026-03-10T00:00:00Z') });
    expect(readReplyAddress(address.toUpperCase(), keys, days(1))).toMatchObject({ status: 'valid', target });
  });

  it('tell every kind of email apart (each has a code of its own)', () => {
    const read = TOKEN_KINDS.map((kind) => {
      const token = readReplyAddress(replyAddress({ ...target, kind }, 'rapport.localhost', keys, issued), keys, issued);
      return token.status === 'valid' ? token.target.kind : undefined;
    });
    expect(read).toEqual(TOKEN_KINDS);
    expect(new Set(read).size).toBe(TOKEN_KINDS.length);
  });

  it('refuse a token whose signature does not match, or whose issue day was changed', () => {
    const address = replyAddress(target, 'rapport.localhost', keys, issued);
    expect(readReplyAddress(address, { current: 'another-secret' }, issued)).toEqual({ status: 'invalid' });
    expect(readReplyAddress(address.replace('0123456789abcdef0123', '0123456789abcdef0124'), keys, issued)).toEqual({ status: 'invalid' });
    const day = /^reply\+p([0-9a-f]{4})-/.exec(address)![1]!;
    const later = (parseInt(day, 16) + 200).toString(16).padStart(4, '0');
    expect(readReplyAddress(address.replace(`+p${day}-`, `+p${later}-`), keys, days(250))).toEqual({ status: 'invalid' });
    expect(readReplyAddress('reply+garbage@rapport.localhost', keys, issued)).toEqual({ status: 'invalid' });
    expect(readReplyAddress('reply+anything@rapport.localhost', keys, issued)).toEqual({ status: 'invalid' });
  });

  it('expire after 180 days, and a delete confirmation after 7', () => {
    const address = replyAddress(target, 'rapport.localhost', keys, issued);
    expect(readReplyAddress(address, keys, days(180))).toMatchObject({ status: 'valid' });
    expect(readReplyAddress(address, keys, days(181))).toMatchObject({ status: 'expired', target, maxAgeDays: 180 });
    const confirm = replyAddress({ kind: 'delete-confirmation', userId: target.userId }, 'rapport.localhost', keys, issued);
    expect(readReplyAddress(confirm, keys, days(7))).toMatchObject({ status: 'valid', target: { kind: 'delete-confirmation' } });
    expect(readReplyAddress(confirm, keys, days(8))).toMatchObject({ status: 'expired', maxAgeDays: 7 });
  });

  it('are read with the previous key during a rotation, and signed with the current one', () => {
    const old = replyAddress(target, 'rapport.localhost', { current: 'key-2025' }, issued);
    const rotated = { current: 'key-2026', previous: 'key-2025' };
    expect(readReplyAddress(old, rotated, days(1))).toMatchObject({ status: 'valid', target });
    const fresh = replyAddress(target, 'rapport.localhost', rotated, issued);
    expect(readReplyAddress(fresh, { current: 'key-2026' }, days(1))).toMatchObject({ status: 'valid' });
    // Once the rotation is over, the old key's tokens are no longer ours.
    expect(readReplyAddress(old, { current: 'key-2026' }, days(1))).toEqual({ status: 'invalid' });
  });

  it('read the keys of a deployment: one bare key, or current and previous during a rotation', () => {
    expect(parseTokenKeys('  abcdef0123456789abcdef  ')).toEqual({ current: 'abcdef0123456789abcdef' });
    expect(parseTokenKeys('{"current":"0123456789abcdef-new","previous":"0123456789abcdef-old"}')).toEqual({
      current: '0123456789abcdef-new',
      previous: '0123456789abcdef-old',
    });
    expect(() => parseTokenKeys('{"previous":"0123456789abcdef-old"}')).toThrow(/current/);
  });
});

describe('whom Rapport answers', () => {
  const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] });
  const base = { fromAddress: 'me@mine.org', envelopeFrom: 'me@mine.org', ownDomain: 'rapport.example' };

  it('answers a person', () => {
    expect(automatedReason({ ...base, headers: headers({}) })).toBeUndefined();
    expect(automatedReason({ ...base, headers: headers({ 'auto-submitted': 'no' }) })).toBeUndefined();
  });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }, base],
    [{ precedence: 'bulk' }, base],
    [{ 'list-id': '<x.lists.example>' }, base],
    [{}, { ...base, envelopeFrom: '' }],
    [{}, { ...base, fromAddress: 'MAILER-DAEMON@mx.example' }],
    [{}, { ...base, fromAddress: 'log@rapport.example' }],
  ])('never answers machines, lists, bounces or itself (%p)', (h, rest) => {
    expect(automatedReason({ ...rest, headers: headers(h as Record<string, string>) })).toBeDefined();
  });

  it('acts only on mail that authenticates with DMARC alignment', () => {
    expect(isAuthenticated({ spf: 'PASS', dkim: 'FAIL', dmarc: 'PASS' })).toBe(true);
    expect(isAuthenticated({ spf: 'PASS', dkim: 'PASS', dmarc: 'FAIL' })).toBe(false);
    expect(isAuthenticated({ spf: 'FAIL', dkim: 'FAIL', dmarc: 'GRAY' })).toBe(false);
    expect(isAuthenticated({ spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', virus: 'FAIL' })).toBe(false);
  });

  it('allows listed addresses and domains only', () => {
    expect(isAllowedSender('Jane@Acme.com', ['acme.com'])).toBe(true);
    expect(isAllowedSender('jane@acme.com', ['@acme.com'])).toBe(true);
    expect(isAllowedSender('jane@acme.com', ['bob@acme.com'])).toBe(false);
    expect(isAllowedSender('jane@evil-acme.com', ['acme.com'])).toBe(false);
    expect(isAllowedSender('anyone@anywhere.io', ['*'])).toBe(true);
  });
});
