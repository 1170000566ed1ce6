import PostalMime from 'postal-mime';
import { ENCODED_WORD_MAX_LENGTH, encodedWords, unstructuredValue } from '../../../functions/mime/encoded-word';

/** What a mail client shows for a Subject we wrote. */
async function readSubject(value: string): Promise<string | undefined> {
  const parsed = await PostalMime.parse(`Subject: ${value}\r\n\r\n`);
  return parsed.subject;
}

describe('encodedWords', () => {
  const texts = [
    'Danke für das Gespräch 👋',
    '会議の後でフォローアップします。ありがとうございました。'.repeat(3),
    'Familie 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵, skin tones 👋🏽',
    'ASCII with an é and   three spaces',
    'Ω'.repeat(200),
  ];

  it.each(texts)('reads back exactly: %s', async (text) => {
    expect(await readSubject(encodedWords(text).join(' '))).toBe(text);
  });

  it('keeps every word within the length that fits a folded line', () => {
    for (const text of texts) {
      for (const word of encodedWords(text)) {
        expect(word.length).toBeLessThanOrEqual(ENCODED_WORD_MAX_LENGTH);
        expect(word).toMatch(/^=\?UTF-8\?[BQ]\?[A-Za-z0-9!*+\-/=_]*\?=$/);
      }
    }
  });

  it('never splits a character across words (RFC 2047 §5)', () => {
    for (const text of texts) {
      for (const word of encodedWords(text)) {
        const [, encoding, payload = ''] = /^=\?UTF-8\?([BQ])\?(.*)\?=$/.exec(word) ?? [];
        const bytes =
          encoding === 'B'
            ? Buffer.from(payload, 'base64')
            : Buffer.from(
                payload.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
                'latin1',
              );
        expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBeDefined();
      }
    }
  });

  it('picks Q for mostly-ASCII text and B for text that is mostly not', () => {
    expect(encodedWords('Thanks for the chat, Zoë')).toEqual(['=?UTF-8?Q?Thanks_for_the_chat=2C_Zo=C3=AB?=']);
    expect(encodedWords('会議')[0]).toMatch(/^=\?UTF-8\?B\?/);
  });
});

describe('unstructuredValue', () => {
  it('leaves printable ASCII as it is', () => {
    expect(unstructuredValue('Prep brief: coffee chat (Acme) — ok?')).toMatch(/^=\?/);
    expect(unstructuredValue('Prep brief: coffee chat (Acme), 3 Dec 15:00')).toBe('Prep brief: coffee chat (Acme), 3 Dec 15:00');
  });

  it('encodes ASCII that a reader would take for an encoded-word', async () => {
    const text = 'see =?UTF-8?B?aGk=?= here';
    expect(unstructuredValue(text)).toMatch(/^=\?UTF-8\?/);
    expect(await readSubject(unstructuredValue(text))).toBe(text);
  });

  it('encodes an ASCII word too long to fold, so the header can be folded', async () => {
    const text = `link https://example.com/${'a'.repeat(1200)}`;
    expect(unstructuredValue(text)).toMatch(/^=\?UTF-8\?Q\?/);
    expect(await readSubject(unstructuredValue(text))).toBe(text);
  });
});
