import { rawFromAddresses } from '../../../functions/inbound/from-header';

describe('the From addresses of a raw message', () => {
  const raw = (head: string) => new TextEncoder().encode(`${head}\r\n\r\nFrom: body@not-a-header.example\r\n`);

  it('reads every address of every From line, folded lines and groups included, and never the body', () => {
    expect(rawFromAddresses(raw('Subject: hi\r\nFrom: "Doe, Jane" <Jane@Acme.example>,\r\n\tmallory@evil.example\r\nTo: log@x'))).toEqual([
      'jane@acme.example',
      'mallory@evil.example',
    ]);
    expect(rawFromAddresses(raw('From: a@b.example\r\nfrom : c@d.example'))).toEqual(['a@b.example', 'c@d.example']);
    expect(rawFromAddresses(raw('From: team: a@b.example, c@d.example;'))).toEqual(['a@b.example', 'c@d.example']);
    expect(rawFromAddresses(raw('Subject: no sender'))).toEqual([]);
  });

  it('reads a bare LF message the same as CRLF', () => {
    expect(rawFromAddresses(new TextEncoder().encode('From: one@a.example\nX-Other: y\n\nbody'))).toEqual(['one@a.example']);
  });
});
