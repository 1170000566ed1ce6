/**
 * The fields of a MIME part that decide how its body is read (RFC 2045 §5, RFC 2183), in the
 * plain forms mail clients write: `type/subtype; name=value; name="quoted value"`. Each reader
 * answers `undefined` for a form it does not take — a comment, a backslash escape, an RFC 2231
 * continuation, a stray quote — and plain-mime.ts hands such a message to postal-mime, whose
 * reading of every form is the reference (test/unit/inbound/plain-mime.test.ts holds the two
 * together).
 */

export interface StructuredField {
  /** The value before the first `;`, lower case ('' when the field is absent). */
  value: string;
  /** Parameters by lower-case name; the first of two with one name counts. */
  params: Map<string, string>;
}

const TOKEN = /^[!#$%&'+.^_`{|}~0-9a-z-]+$/i;
const MEDIA_TYPE = /^[!#$%&'*+.^_`{|}~0-9a-z-]+\/[!#$%&'*+.^_`{|}~0-9a-z-]+$/i;
const NOT_PLAIN = /[(\\]/;
const QUOTE = 0x22;
const SEMICOLON = 0x3b;

/** A Content-Type value; undefined unless it is `type/subtype` with plain parameters. */
export function contentTypeField(value: string): StructuredField | undefined {
  const field = structuredField(value);
  return field && MEDIA_TYPE.test(field.value) ? field : undefined;
}

/** A Content-Disposition value (absent: ''); undefined unless it is a token with plain parameters. */
export function dispositionField(value: string): StructuredField | undefined {
  const field = structuredField(value);
  return field && (field.value === '' || TOKEN.test(field.value)) ? field : undefined;
}

/** The encoding token of a Content-Transfer-Encoding value (RFC 2045 §6.1); undefined when it holds a comment. */
export function transferEncoding(value: string): string | undefined {
  if (value.includes('(')) return undefined;
  return /[\w-]+/.exec(value.toLowerCase())?.[0] ?? '';
}

function structuredField(text: string): StructuredField | undefined {
  if (NOT_PLAIN.test(text)) return undefined;
  const params = new Map<string, string>();
  let at = text.indexOf(';');
  const head = trimBlanks(at < 0 ? text : text.slice(0, at));
  if (head.includes('"')) return undefined;
  while (at >= 0) {
    const parameter = readParameter(text, at + 1);
    if (!parameter) return undefined;
    if (parameter.name !== undefined && !params.has(parameter.name)) params.set(parameter.name, parameter.value);
    at = parameter.next;
  }
  return { value: head.toLowerCase(), params };
}

/** One `name=value` after a `;`, and where the next `;` is (-1 at the end); a blank one has no name. */
function readParameter(text: string, from: number): { name?: string; value: string; next: number } | undefined {
  const equals = text.indexOf('=', from);
  const semicolon = text.indexOf(';', from);
  if (equals < 0 || (semicolon >= 0 && semicolon < equals)) {
    // `; ;` and a trailing `;` say nothing; a name with no value is a form left to postal-mime.
    const blank = trimBlanks(text.slice(from, semicolon < 0 ? undefined : semicolon)) === '';
    return blank ? { value: '', next: semicolon } : undefined;
  }
  const name = text.slice(from, equals).trim().toLowerCase();
  if (!TOKEN.test(name) || name === '__proto__') return undefined;
  let at = equals + 1;
  while (isBlank(text.charCodeAt(at))) at++;
  if (text.charCodeAt(at) !== QUOTE) {
    const end = semicolon < 0 ? text.length : semicolon;
    const value = trimBlanks(text.slice(at, end));
    return value.includes('"') ? undefined : { name, value, next: semicolon };
  }
  const close = text.indexOf('"', at + 1);
  if (close < 0) return undefined;
  // After the closing quote only blanks may come before the next parameter.
  let after = close + 1;
  while (isBlank(text.charCodeAt(after))) after++;
  if (after < text.length && text.charCodeAt(after) !== SEMICOLON) return undefined;
  return { name, value: text.slice(at + 1, close), next: after < text.length ? after : -1 };
}

/** A space or a tab, by character code: the only blanks MIME's grammar skips or folds on (RFC 5322 WSP). */
export function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Spaces and tabs off both ends (String#trim takes U+00A0 and more). */
export function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * Charsets named by their WHATWG labels (https://encoding.spec.whatwg.org/#names-and-labels), as
 * mail names them. Any other label — a vendor spelling, a code page number — is left to
 * postal-mime, which maps it.
 */
const CHARSET_LABELS = new Set([
  'utf-8',
  'utf8',
  'unicode-1-1-utf-8',
  'us-ascii',
  'ascii',
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'windows-1252',
  'cp1252',
  'iso-8859-2',
  'windows-1250',
  'iso-8859-5',
  'windows-1251',
  'koi8-r',
  'koi8-u',
  'iso-8859-7',
  'windows-1253',
  'iso-8859-9',
  'windows-1254',
  'iso-8859-13',
  'windows-1257',
  'iso-8859-15',
  'gb2312',
  'gbk',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-jp',
  'iso-2022-jp',
  'euc-kr',
  'ks_c_5601-1987',
  'utf-16le',
  'utf-16be',
]);
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

/** The decoder for a part's charset (none: UTF-8), or undefined for a label left to postal-mime. */
export function charsetDecoder(charset: string | undefined): InstanceType<typeof TextDecoder> | undefined {
  const label = (charset || 'utf8').trim().toLowerCase();
  if (!CHARSET_LABELS.has(label)) return undefined;
  let decoder = decoders.get(label);
  if (!decoder) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      // A runtime built without this encoding: postal-mime chooses the fallback.
      return undefined;
    }
    decoders.set(label, decoder);
  }
  return decoder;
}
