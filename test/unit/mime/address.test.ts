import PostalMime from 'postal-mime';
import { formatMailbox, parseMailbox, phrase } from '../../../functions/mime/address';

async function readTo(value: string): Promise<{ name: string; address?: string } | undefined> {
  const parsed = await PostalMime.parse(`To: ${value}\r\n\r\n`);
  return parsed.to?.[0];
}

describe('parseMailbox', () => {
  it('reads the name-and-address and bare forms', () => {
    expect(parseMailbox('Rapport <log@rapport.example>')).toEqual({
      name: 'Rapport',
      address: 'log@rapport.example',
      domain: 'rapport.example',
    });
    expect(parseMailbox('ada@Example.COM')).toEqual({ name: '', address: 'ada@example.com', domain: 'example.com' });
    expect(parseMailbox('"Doe, Jane \\"JD\\" <x>" <jane@example.com>').name).toBe('Doe, Jane "JD" <x>');
  });

  it('writes an internationalized domain in punycode', () => {
    expect(parseMailbox('Zoë <zoe@bücher.example>').address).toBe('zoe@xn--bcher-kva.example');
  });

  it('keeps one recipient whatever an injection attempt left after the address', () => {
    expect(parseMailbox('ada@example.com\r\nBcc: y@evil.example').address).toBe('ada@example.com');
    expect(parseMailbox('Ada <ada@example.com>\r\nBcc: y@evil.example')).toMatchObject({ name: 'Ada', address: 'ada@example.com' });
  });

  it('refuses what it cannot write faithfully', () => {
    expect(() => parseMailbox('nobody')).toThrow(RangeError);
    expect(() => parseMailbox('Ada <ada@>')).toThrow(RangeError);
    expect(() => parseMailbox('zoë@example.com')).toThrow(RangeError);
  });
});

describe('phrase and formatMailbox', () => {
  it('uses bare atoms, a quoted string or encoded-words as the name needs', () => {
    expect(phrase('Ada Lovelace')).toBe('Ada Lovelace');
    expect(phrase('Doe, Jane')).toBe('"Doe, Jane"');
    expect(phrase('J. "JD" Doe\\')).toBe('"J. \\"JD\\" Doe\\\\"');
    expect(phrase('Zoë Ünal')).toMatch(/^=\?UTF-8\?/);
  });

  it.each(['Ada Lovelace', 'Doe, Jane', 'J. "JD" Doe', 'Zoë Ünal', '山田 太郎', 'Team 🚀 (Acme); Inc.', 'x=?y?=z', 'N'.repeat(120)])(
    'reads back exactly: %s',
    async (name) => {
      const written = formatMailbox({ name, address: 'a@example.com', domain: 'example.com' });
      expect(await readTo(written)).toMatchObject({ name, address: 'a@example.com' });
    },
  );

  it('writes the bare address when there is no name', () => {
    expect(formatMailbox(parseMailbox('<ada@example.com>'))).toBe('ada@example.com');
  });
});
