/**
 * RFC 2047 encoded-words: how non-ASCII text goes into a header, `=?UTF-8?B?…?=` or `=?UTF-8?Q?…?=`.
 */

/**
 * RFC 2047 §2 allows 75 characters per encoded-word. We stop at 68 so that even the first word,
 * after `Reply-To: ` (the longest field name we encode into), ends within the 78-character line
 * RFC 5322 §2.1.1 prefers; every later word sits on its own folded line.
 */
export const ENCODED_WORD_MAX_LENGTH = 68;
const WORD_OVERHEAD = '=?UTF-8?Q??='.length;
const PAYLOAD_MAX = ENCODED_WORD_MAX_LENGTH - WORD_OVERHEAD;

/**
 * The Q encoding's literal characters, limited to the set RFC 2047 §5 (3) allows in a phrase
 * (display names), so that one encoder is right in both a Subject and an address header.
 */
const Q_LITERAL = /^[A-Za-z0-9!*+\-/]$/;

function hexByte(byte: number): string {
  return `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** One character in the Q encoding (RFC 2047 §4.2): itself, `_` for a space, or `=XX` per UTF-8 byte. */
function qCharacter(char: string): string {
  if (Q_LITERAL.test(char)) return char;
  if (char === ' ') return '_';
  return [...Buffer.from(char, 'utf8')].map(hexByte).join('');
}

/**
 * Splits `text` into encoded-words, each holding whole characters: RFC 2047 §5 (3) forbids
 * splitting a multi-octet character across words, and some readers decode word by word.
 */
function qWords(text: string): string[] {
  const words: string[] = [];
  let payload = '';
  for (const char of text) {
    const encoded = qCharacter(char);
    if (payload.length + encoded.length > PAYLOAD_MAX) {
      words.push(`=?UTF-8?Q?${payload}?=`);
      payload = '';
    }
    payload += encoded;
  }
  if (payload !== '') words.push(`=?UTF-8?Q?${payload}?=`);
  return words;
}

/** The same split for the B (base64) encoding, RFC 2047 §4.1: 4 characters per 3 bytes. */
function bWords(text: string): string[] {
  const words: string[] = [];
  let bytes: Buffer[] = [];
  let size = 0;
  const flush = (): void => {
    words.push(`=?UTF-8?B?${Buffer.concat(bytes).toString('base64')}?=`);
    bytes = [];
    size = 0;
  };
  for (const char of text) {
    const encoded = Buffer.from(char, 'utf8');
    if (Math.ceil((size + encoded.length) / 3) * 4 > PAYLOAD_MAX) flush();
    bytes.push(encoded);
    size += encoded.length;
  }
  if (size > 0) flush();
  return words;
}

/**
 * `text` as encoded-words, in whichever of Q (readable when the text is mostly ASCII) and B
 * (shorter for accents-heavy, CJK or emoji text) comes out shorter. Join them with a space:
 * RFC 2047 §6.2 drops whitespace between adjacent encoded-words, so the text's own spaces are
 * inside the words and the joining space is where the header may fold.
 */
export function encodedWords(text: string): string[] {
  if (text === '') return [];
  const q = qWords(text);
  const b = bWords(text);
  const length = (words: string[]): number => words.reduce((sum, word) => sum + word.length, 0);
  return length(q) <= length(b) ? q : b;
}

/**
 * An unstructured header value (RFC 5322 §3.2.5, e.g. Subject) ready to fold: as is when it is
 * printable ASCII that folds within 78 characters; otherwise all of it as encoded-words. Text
 * containing `=?` is encoded too, or a reader would take it for an encoded-word and decode it.
 */
export function unstructuredValue(text: string): string {
  const plain =
    /^[\x20-\x7e]*$/.test(text) && !text.includes('=?') && text.split(/[ \t]+/).every((word) => word.length <= ENCODED_WORD_MAX_LENGTH);
  return plain ? text : encodedWords(text).join(' ');
}
