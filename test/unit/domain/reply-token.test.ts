import { readReplyAddress, replyAddress, TOKEN_KINDS } from '../../../functions/mail/reply-token';
import { automatedReason, isAllowedSender, isAuthenticated } from '../../../functions/mail/sender-policy';

describe('reply addresses', () => {
  const secret = 'test-secret';
  const target = { kind: 'prep-brief' as const, userId: '0a1b2c3d4e5f', interviewId: '0123456789abcdef0123' };

  it('route a reply back to its user, interview and kind', () => {
    const address = replyAddress(target, 'rapport.localhost', secret);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(readReplyAddress(address, secret)).toEqual(target);
    expect(readReplyAddress(address.toUpperCase(), secret)).toEqual(target);
  });

  it('tell every kind of email apart (each has a code of its own)', () => {
    const read = TOKEN_KINDS.map((kind) => readReplyAddress(replyAddress({ ...target, kind }, 'rapport.localhost', secret), secret)?.kind);
    expect(read).toEqual(TOKEN_KINDS);
    expect(new Set(read).size).toBe(6);
  });

  it('refuse a token whose signature does not match', () => {
    const address = replyAddress(target, 'rapport.localhost', secret);
    expect(readReplyAddress(address, 'another-secret')).toBeUndefined();
    expect(readReplyAddress(address.replace('0123456789abcdef0123', '0123456789abcdef0124'), secret)).toBeUndefined();
    expect(readReplyAddress('reply+garbage@rapport.localhost', secret)).toBeUndefined();
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
