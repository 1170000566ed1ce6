import { dkimSigningDomains, isAuthenticated } from '../../../functions/inbound/sender-policy';

/**
 * SES checks alignment only for a From domain that publishes DMARC (verdict PASS). With no DMARC
 * record (GRAY) Rapport checks it itself: an SPF or DKIM pass counts only for the From domain or a
 * parent of it (docs/security.md, "Who is answered").
 */
describe('a sender whose domain publishes no DMARC record', () => {
  const gray = { dmarc: 'GRAY' } as const;
  const jane = (envelopeFrom: string | undefined, dkimDomains: string[] = []) => ({
    fromAddress: 'jane@mail.example.com',
    ...(envelopeFrom !== undefined ? { envelopeFrom } : {}),
    dkimDomains,
  });

  it('counts an SPF pass for the From domain or a parent of it', () => {
    expect(isAuthenticated({ ...gray, spf: 'PASS', dkim: 'GRAY' }, jane('bounce@mail.example.com'))).toBe(true);
    expect(isAuthenticated({ ...gray, spf: 'PASS', dkim: 'GRAY' }, jane('<bounce@Example.COM>'))).toBe(true);
  });

  it('does not count an SPF pass for another domain, a subdomain, a bare suffix or a null sender', () => {
    for (const envelope of ['eve@evil.example', 'x@bounces.mail.example.com', 'x@com', '', 'x@ample.com']) {
      expect(isAuthenticated({ ...gray, spf: 'PASS', dkim: 'GRAY' }, jane(envelope))).toBe(false);
    }
  });

  it('counts a DKIM pass only when every signature names the From domain or a parent of it', () => {
    expect(isAuthenticated({ ...gray, spf: 'FAIL', dkim: 'PASS' }, jane('x@evil.example', ['example.com']))).toBe(true);
    // SES does not say which signature passed: the one for evil.example may be it.
    expect(isAuthenticated({ ...gray, spf: 'FAIL', dkim: 'PASS' }, jane('x@evil.example', ['example.com', 'evil.example']))).toBe(false);
    expect(isAuthenticated({ ...gray, spf: 'FAIL', dkim: 'PASS' }, jane('x@evil.example', []))).toBe(false);
  });

  it('never counts failed checks, a DMARC failure, or a virus', () => {
    expect(isAuthenticated({ ...gray, spf: 'FAIL', dkim: 'FAIL' }, jane('jane@mail.example.com', ['example.com']))).toBe(false);
    expect(isAuthenticated({ dmarc: 'FAIL', spf: 'PASS', dkim: 'PASS' }, jane('jane@mail.example.com', ['example.com']))).toBe(false);
    expect(isAuthenticated({ ...gray, spf: 'PASS', dkim: 'PASS', virus: 'FAIL' }, jane('jane@mail.example.com'))).toBe(false);
    expect(isAuthenticated({ ...gray, spf: 'PASS', dkim: 'PASS' })).toBe(false);
  });

  it('reads the d= tag of every DKIM-Signature header, folded or spaced', () => {
    const headers = [
      { key: 'dkim-signature', value: 'v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n d = Example.com ; s=s1; b=abc' },
      { key: 'DKIM-Signature', value: 'v=1; s=s2; d=other.example' },
      { key: 'dkim-signature', value: 'v=1; s=s3; b=no-domain' },
      { key: 'x-dkim', value: 'd=ignored.example' },
    ];
    expect(dkimSigningDomains(headers)).toEqual(['example.com', 'other.example']);
  });
});
