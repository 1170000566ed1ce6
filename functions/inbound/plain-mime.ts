import PostalMime, { addressParser, decodeWords } from 'postal-mime';
import {
  charsetDecoder,
  contentTypeField,
  dispositionField,
  isBlank,
  transferEncoding,
  trimBlanks,
  type StructuredField,
} from './mime-fields';

/**
 * A MIME reader for the plain shapes nearly all mail takes, giving what postal-mime gives for
 * them: multipart trees of text, HTML, calendar and other parts, in base64, quoted-printable or
 * as sent, in the common charsets. postal-mime awaits each line and decodes each part through a
 * Blob, which was 70–80 % of reading a small invitation (docs/benchmarks.md); this reads the
 * same bytes in one pass. Anything it does not take — a field form of its own, a charset by
 * another name, a digest, a limit reached — gives `undefined`, and postal-mime reads the message:
 * never a guess. test/unit/inbound/plain-mime.test.ts checks, message by message, that the two
 * agree wherever this one answers.
 */

/** What parse-message reads of a message: the part of postal-mime's answer both readers give. */
export interface MimeRead {
  headers: { key: string; value: string }[];
  from?: PostalMime.Address;
  to?: PostalMime.Address[];
  cc?: PostalMime.Address[];
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  date?: string;
  text?: string;
  html?: string;
  attachments: { mimeType: string; filename: string | null; method?: string; content: ArrayBuffer | Uint8Array | string }[];
}

export interface MimeLimits {
  /** Multipart nesting past this is refused (by postal-mime, which says so). */
  maxNestingDepth: number;
  /** Header bytes across all parts. */
  maxHeadersSize: number;
}

interface Part {
  parent: Part | undefined;
  depth: number;
  state: 'header' | 'body' | 'finished';
  headerLines: string[];
  /** The root's header fields, in order (a part's own are only read for its content fields). */
  fields: { key: string; value: string }[];
  type: StructuredField;
  disposition: StructuredField;
  encoding: string;
  /** The subtype of a multipart part; its own body lines are not content. */
  multipart?: string;
  /** Start and end offsets of each body line, line breaks left out. */
  lines: number[];
  children: Part[];
}

/** A multipart whose boundary lines are looked for (innermost last), its boundary as bytes. */
interface OpenBoundary {
  delimiter: Buffer;
  part: Part;
}

/** A field form, charset or shape left to postal-mime. */
class NotPlain extends Error {}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const CONTENT_FIELDS = ['content-type', 'content-transfer-encoding', 'content-disposition'] as const;
const headerDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
const textEncoder = new TextEncoder();

export async function readPlainMime(bytes: Uint8Array, limits: MimeLimits): Promise<MimeRead | undefined> {
  if (bytes.byteLength === 0) return undefined;
  try {
    const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return await collect(readTree(source, limits), source);
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

/** What a part without the field is (RFC 2045 §5.2, RFC 2183); shared, never written to. */
const PLAIN_TEXT: StructuredField = { value: 'text/plain', params: new Map() };
const NO_DISPOSITION: StructuredField = { value: '', params: new Map() };

function newPart(parent: Part | undefined, limits: MimeLimits): Part {
  const depth = parent ? parent.depth + 1 : 0;
  if (depth > limits.maxNestingDepth) notPlain();
  const part: Part = {
    parent,
    depth,
    state: 'header',
    headerLines: [],
    fields: [],
    type: PLAIN_TEXT,
    disposition: NO_DISPOSITION,
    encoding: '',
    lines: [],
    children: [],
  };
  parent?.children.push(part);
  return part;
}

/** The part tree of a message: lines split at LF with trailing CR dropped, boundaries nesting as RFC 2046 §5.1 says. */
function readTree(source: Buffer, limits: MimeLimits): Part {
  const root = newPart(undefined, limits);
  const open: OpenBoundary[] = [];
  let current = root;
  let headerBytes = 0;
  for (let start = 0; start < source.length;) {
    const newline = source.indexOf(LF, start);
    const next = newline < 0 ? source.length : newline + 1;
    let end = newline < 0 ? source.length : newline;
    while (end > start && (source[end - 1] === CR || source[end - 1] === LF)) end--;
    const boundary =
      open.length && end - start > 2 && source[start] === DASH && source[start + 1] === DASH
        ? boundaryAt(source, start, end, open)
        : undefined;
    if (boundary) {
      const { index, closes } = boundary;
      const multipart = open[index]!.part;
      if (closes) {
        finish(multipart, open);
        current = multipart.parent ?? root;
      } else {
        finishLastChild(multipart, open);
        current = newPart(multipart, limits);
      }
    } else if (current.state === 'header') {
      if (end === start) {
        readFields(current, open);
        current.state = 'body';
      } else {
        headerBytes += end - start;
        if (headerBytes > limits.maxHeadersSize) notPlain();
        current.headerLines.push(headerLine(source, start, end));
      }
    } else if (current.state === 'body' && current.multipart === undefined) {
      current.lines.push(start, end);
    }
    start = next;
  }
  finish(root, open);
  return root;
}

/** Which open boundary a `--` line is, innermost first, and whether it closes its multipart. */
function boundaryAt(
  source: Buffer,
  start: number,
  end: number,
  open: readonly OpenBoundary[],
): { index: number; closes: boolean } | undefined {
  for (let index = open.length - 1; index >= 0; index--) {
    const { delimiter } = open[index]!;
    const after = start + 2 + delimiter.length;
    if (after > end || source.compare(delimiter, 0, delimiter.length, start + 2, after) !== 0) continue;
    const closes = after + 2 <= end && source[after] === DASH && source[after + 1] === DASH;
    let rest = closes ? after + 2 : after;
    while (rest < end && isBlank(source[rest]!)) rest++;
    if (rest === end) return { index, closes };
  }
  return undefined;
}

function headerLine(source: Buffer, start: number, end: number): string {
  const text = source.toString('latin1', start, end);
  // ASCII reads the same either way; anything else is read as UTF-8 (RFC 6532), a BOM kept as a character.
  return /[\x80-\xff]/.test(text) ? headerDecoder.decode(source.subarray(start, end)) : text;
}

/** A part's header lines, unfolded (RFC 5322 §2.2.3), into fields; the first of each content field decides its body. */
function readFields(part: Part, open: OpenBoundary[]): void {
  const seen = new Map<string, string>();
  const lines = part.headerLines;
  for (let index = 0; index < lines.length; index++) {
    let unfolded = lines[index]!;
    while (index + 1 < lines.length && isBlank(lines[index + 1]!.charCodeAt(0))) unfolded += lines[++index]!;
    const colon = unfolded.indexOf(':');
    const key = trimBlanks(colon < 0 ? unfolded : unfolded.slice(0, colon)).toLowerCase();
    // A lone CR inside a line is no line break a field may keep.
    const body = colon < 0 ? '' : unfolded.slice(colon + 1);
    const value = trimBlanks(body.includes('\r') ? body.replace(/\r+/g, ' ') : body);
    if (part.depth === 0) part.fields.push({ key, value });
    if (!seen.has(key)) seen.set(key, value);
  }
  const [type, encoding, disposition] = CONTENT_FIELDS.map((name) => seen.get(name));
  part.type = (type === undefined ? part.type : contentTypeField(type)) ?? notPlain();
  part.disposition = (disposition === undefined ? part.disposition : dispositionField(disposition)) ?? notPlain();
  part.encoding = (encoding === undefined ? '' : transferEncoding(encoding)) ?? notPlain();
  const { value } = part.type;
  if (!value.startsWith('multipart/')) return;
  part.multipart = value.slice('multipart/'.length);
  const boundary = part.type.params.get('boundary');
  // A digest's parts default to messages (RFC 2046 §5.1.5); a multipart without a boundary swallows its body.
  if (!boundary || part.multipart === 'digest') notPlain();
  open.push({ delimiter: Buffer.from(boundary!), part });
}

/** A part and everything under it ends: its boundary is no longer looked for. */
function finish(part: Part, open: OpenBoundary[]): void {
  if (part.state === 'finished') return;
  if (part.state === 'header') readFields(part, open);
  const own = open.findIndex((entry) => entry.part === part);
  if (own >= 0) open.splice(own, 1);
  finishLastChild(part, open);
  part.state = 'finished';
}

/**
 * Only a multipart's last part can still be open: each part begins by finishing the one before
 * it, so a message of a thousand parts is not walked a thousand times.
 */
function finishLastChild(part: Part, open: OpenBoundary[]): void {
  const last = part.children[part.children.length - 1];
  if (last) finish(last, open);
}

function notPlain(): never {
  throw new NotPlain();
}

type BodyKind = 'plain' | 'html';

/** The message postal-mime would give: text and HTML bodies joined in order, every other leaf an attachment. */
async function collect(root: Part, source: Buffer): Promise<MimeRead> {
  // Text and HTML parts, by the body they make: a multipart/alternative's parts make one.
  const bodies = new Map<Part, Partial<Record<BodyKind, Part[]>>>();
  const leaves: Part[] = [];
  const walk = (part: Part, alternative: Part | undefined): void => {
    if (part.multipart !== undefined) {
      const within = part.multipart === 'alternative' ? part : alternative;
      for (const child of part.children) walk(child, within);
      return;
    }
    const type = part.type.value;
    if (part.disposition.value !== 'attachment' && (type === 'text/plain' || type === 'text/html')) {
      const key = alternative ?? part;
      const body = bodies.get(key) ?? {};
      bodies.set(key, body);
      (body[type === 'text/html' ? 'html' : 'plain'] ??= []).push(part);
    } else {
      leaves.push(part);
    }
  };
  walk(root, undefined);
  // Each kind any body has is given for every body: a body without it gives its other kind converted.
  const kinds = new Set([...bodies.values()].flatMap((body) => Object.keys(body) as BodyKind[]));
  const rendered: Record<BodyKind, string[]> = { plain: [], html: [] };
  for (const body of bodies.values()) {
    const texts = { plain: body.plain?.map((part) => textOf(part, source)), html: body.html?.map((part) => textOf(part, source)) };
    for (const kind of kinds) {
      const other = kind === 'plain' ? 'html' : 'plain';
      for (const value of texts[kind] ?? []) rendered[kind].push(value);
      if (!texts[kind]) for (const value of texts[other] ?? []) rendered[kind].push(await converted(value, other));
    }
  }
  const text = rendered.plain.join('\n');
  const html = rendered.html.join('\n');
  const attachments = leaves.map((part) => attachmentOf(part, source));
  return { ...headerFields(root.fields), ...(html ? { html } : {}), ...(text ? { text } : {}), attachments };
}

/**
 * A body in the kind it lacks (HTML as text, text as HTML), converted by postal-mime itself, which
 * does not export its converters: asked with a message of an empty part of the kind wanted, then
 * this one, its answer is the empty part's line and the conversion after it.
 */
async function converted(value: string, from: BodyKind): Promise<string> {
  // UTF-8 decoding would take a leading BOM as a mark, not as the character it is here.
  if (value.startsWith('\uFEFF')) notPlain();
  const [wanted, given] = from === 'html' ? ['text/plain', 'text/html'] : ['text/html', 'text/plain'];
  const message = [
    'Content-Type: multipart/mixed; boundary=b',
    '',
    '--b',
    `Content-Type: ${wanted}`,
    '',
    '--b',
    `Content-Type: ${given}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(value).toString('base64'),
    '--b--',
  ].join('\r\n');
  const email = await PostalMime.parse(message);
  return ((from === 'html' ? email.text : email.html) ?? '\n').slice(1);
}

function headerFields(fields: { key: string; value: string }[]): Omit<MimeRead, 'attachments'> {
  const first = (key: string) => fields.find((field) => field.key === key);
  const decoded = (key: string) => {
    const value = first(key)?.value;
    return value ? decodeWords(value) : undefined;
  };
  const addresses = (key: string) =>
    fields.filter((field) => field.key === key && field.value).flatMap((field) => addressParser(field.value));
  const fromValue = first('from')?.value;
  const from = fromValue ? addressParser(fromValue)[0] : undefined;
  const [to, cc] = [addresses('to'), addresses('cc')];
  const [subject, messageId, inReplyTo, references] = ['subject', 'message-id', 'in-reply-to', 'references'].map(decoded);
  const dateValue = first('date')?.value;
  const date = dateValue === undefined ? undefined : Number.isNaN(Date.parse(dateValue)) ? dateValue : new Date(dateValue).toISOString();
  return {
    headers: fields,
    ...(from ? { from } : {}),
    ...(to.length ? { to } : {}),
    ...(cc.length ? { cc } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(messageId !== undefined ? { messageId } : {}),
    ...(inReplyTo !== undefined ? { inReplyTo } : {}),
    ...(references !== undefined ? { references } : {}),
    ...(date !== undefined ? { date } : {}),
  };
}

function attachmentOf(part: Part, source: Buffer): MimeRead['attachments'][number] {
  const name = part.disposition.params.get('filename') || part.type.params.get('name');
  const type = part.type.value;
  const attachment = { mimeType: type, filename: name ? decodeWords(name) : null };
  if (type !== 'text/calendar' && type !== 'application/ics') return { ...attachment, content: contentOf(part, source) };
  const method = part.type.params.get('method');
  // As text, each line ending in LF, and exactly one LF at the end.
  const text = textOf(part, source).replace(/\r?\n/g, '\n');
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === LF) end--;
  return {
    ...attachment,
    ...(method ? { method: method.toUpperCase().trim() } : {}),
    content: textEncoder.encode(`${text.slice(0, end)}\n`),
  };
}

function textOf(part: Part, source: Buffer): string {
  const decoder = charsetDecoder(part.type.params.get('charset'));
  // A flowed part still marked so (parse-message renames the mark on text/plain) is joined by postal-mime.
  if (!decoder || /^flowed$/i.test(part.type.params.get('format') ?? '')) notPlain();
  return decoder.decode(contentOf(part, source));
}

/** A part's body with its transfer encoding undone (RFC 2045 §6), each line ending in LF as postal-mime gives it. */
function contentOf(part: Part, source: Buffer): Uint8Array {
  if (/base64/.test(part.encoding)) return fromBase64(part.lines, source);
  if (/quoted-printable/.test(part.encoding)) return fromQuotedPrintable(part.lines, source);
  const { lines } = part;
  let size = 0;
  for (let index = 0; index < lines.length; index += 2) size += lines[index + 1]! - lines[index]! + 1;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let index = 0; index < lines.length; index += 2) {
    at += source.copy(out, at, lines[index]!, lines[index + 1]!);
    out[at++] = LF;
  }
  return out;
}

/**
 * Base64 with every character outside the alphabet dropped. Padding ends a unit: some mailers
 * pad each line, so each run between `=` signs is decoded on its own, a lone last character
 * (no whole byte) left out.
 */
function fromBase64(lines: number[], source: Buffer): Uint8Array {
  let text = '';
  for (let index = 0; index < lines.length; index += 2) text += source.toString('latin1', lines[index]!, lines[index + 1]!);
  const units = text.replace(/[^A-Za-z0-9+/=]+/g, '').split(/=+/);
  const decoded = units.map((unit) => Buffer.from(unit.length % 4 === 1 ? unit.slice(0, -1) : unit, 'base64'));
  return decoded.length === 1 ? decoded[0]! : Buffer.concat(decoded);
}

/** Quoted-printable (RFC 2045 §6.7): `=XX` escapes, `=` at a line's end joins it to the next; a broken escape is kept as written. */
function fromQuotedPrintable(lines: number[], source: Buffer): Uint8Array {
  let size = 0;
  for (let index = 0; index < lines.length; index += 2) size += lines[index + 1]! - lines[index]! + 1;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let index = 0; index < lines.length; index += 2) {
    const start = lines[index]!;
    let end = lines[index + 1]!;
    const soft = end > start && source[end - 1] === 0x3d;
    if (soft) end--;
    for (let byte = start; byte < end; byte++) {
      const high = source[byte] === 0x3d && byte + 2 < end ? hexValue(source[byte + 1]!) : -1;
      const low = high >= 0 ? hexValue(source[byte + 2]!) : -1;
      if (low >= 0) {
        out[at++] = (high << 4) | low;
        byte += 2;
      } else {
        out[at++] = source[byte]!;
      }
    }
    if (!soft) out[at++] = LF;
  }
  return out.subarray(0, at);
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
