import PostalMime from 'postal-mime';
import { withoutBulkyBodies } from './bulky-parts';
import { decodeFlowed, neutralizeFlowed } from './flowed-text';
import { ReadLimitError } from './read-budget';
import { headerSectionEnd, MAX_HEADER_SECTION_BYTES } from './header-budget';
import { readPlainMime, type MimeRead } from './plain-mime';

/**
 * Raw message bytes → the parts of a message Rapport reads. plain-mime.ts reads the plain shapes
 * most mail takes, postal-mime every other (and is the reference the two agree with); this module
 * decides the limits, keeps forwarded messages (`message/rfc822`) as messages of their own rather
 * than melting them into the outer body, and says whether the message is a forward.
 */

/** SES receives messages up to 40 MB (https://docs.aws.amazon.com/ses/latest/dg/quotas.html); anything larger is not mail it delivered. */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** Forwards of forwards of forwards: three levels cover real mail, more is a parser bomb. */
export const MAX_FORWARD_DEPTH = 3;
/** Forwarded messages parsed in one message, at all depths: forwards of forwards 25 × 25 × 25 wide took 20 s. */
export const MAX_FORWARDED_MESSAGES = 20;
/** Bytes of forwarded messages parsed in one message, at all depths (each level is parsed again). */
const MAX_FORWARDED_BYTES = 16 * 1024 * 1024;
/** Attachments (MIME leaf parts that are not the body) in one message, forwarded ones included. */
export const MAX_ATTACHMENTS = 200;
/**
 * Lines that start with "--" in one message, forwarded ones included. Every MIME part starts with
 * such a boundary line (RFC 2046 §5.1.1), so this bounds the parts postal-mime would build —
 * about 0.2 ms each: 20,000 parts took 3 s — before it builds them. Signatures and rules in text
 * count too; real mail stays far below.
 */
export const MAX_BOUNDARY_LINES = 1000;
/**
 * Lines in one message, forwarded ones included. postal-mime (which reads any message plain-mime.ts
 * leaves to it, a hostile one included) keeps every line of a part as a piece of its own until the
 * part ends, then joins them through a Blob — about 7 µs and 2 KB a line, half of it the Blob and
 * garbage collection (profiled, docs/benchmarks.md): 300,000 short
 * lines (900 KB) took 2.2 s and 630 MB — so the lines, not the bytes, are what a message costs to
 * read. At 60,000, a message at the limit took 700–830 ms of the 1 s budget; 40,000 leaves room.
 * Only what may hold an invitation is counted (bulky-parts.ts leaves the rest out first): base64
 * runs 76 characters a line, so this admits about 3 MB of calendar or generic attachments.
 */
export const MAX_LINES = 40_000;
/**
 * Bytes of one message read as MIME. Parsing costs about five times the message in memory, so a
 * larger message (SES delivers up to 40 MB), once bodies that cannot hold an invitation are left
 * out (bulky-parts.ts), is answered from its headers alone.
 */
const MAX_READ_BYTES = 16 * 1024 * 1024;
/** MIME nesting beyond this is not a real message (postal-mime rejects the parse). */
const MAX_MIME_NESTING = 50;
/**
 * Headers across all parts together (postal-mime counts them all); the message's own header
 * section has the tighter budget every reader shares (header-budget.ts).
 */
const MAX_HEADERS_BYTES = 1024 * 1024;
/** Characters of the Subject read (RFC 5322 §2.1.1 keeps a line to 998; folding can make it longer). */
const MAX_SUBJECT_CHARS = 2000;
/** Bodies are read for text invitations and replies; the start of a body is what matters. */
const MAX_BODY_CHARS = 512 * 1024;

export interface ParsedAddress {
  name?: string;
  address: string;
}

export interface ParsedAttachment {
  mimeType: string;
  filename?: string;
  /** The MIME `method=` parameter of a calendar part (REQUEST, CANCEL, …), upper case. */
  method?: string;
  content: Uint8Array;
}

export interface ParsedMessage {
  headers: { key: string; value: string }[];
  from?: ParsedAddress;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  /** The Date header as an ISO instant, when it parsed. */
  date?: string;
  /** The sender's UTC offset in minutes from the Date header ("+0300" → 180), the best hint of their zone. */
  dateOffsetMinutes?: number;
  text?: string;
  html?: string;
  attachments: ParsedAttachment[];
  /** Messages attached as `message/rfc822` (forwarded as attachment), parsed up to MAX_FORWARD_DEPTH. */
  attachedMessages: ParsedMessage[];
  /** The message says it is a forward (subject prefix, forward headers, a forwarded-message banner or attached message). */
  forwarded: boolean;
  /** Set when the message holds more than Rapport reads (forwards, attachments): what was too much. */
  overLimit?: ReadLimitError;
}

/** Work left for the rest of one message tree; the first limit hit is kept for the answer. */
interface TreeBudget {
  lines: number;
  boundaryLines: number;
  forwardedMessages: number;
  forwardedBytes: number;
  attachments: number;
  overLimit?: ReadLimitError;
}

export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
  constructor(readonly size: number) {
    super(`message is ${size} bytes, more than the ${MAX_MESSAGE_BYTES} a mail server delivers`);
  }
}

export class UnreadableMessageError extends Error {
  override readonly name = 'UnreadableMessageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export async function parseMessage(raw: Uint8Array | string): Promise<ParsedMessage> {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
  if (size > MAX_MESSAGE_BYTES) throw new MessageTooLargeError(size);
  const budget: TreeBudget = {
    lines: MAX_LINES,
    boundaryLines: MAX_BOUNDARY_LINES,
    forwardedMessages: MAX_FORWARDED_MESSAGES,
    forwardedBytes: MAX_FORWARDED_BYTES,
    attachments: MAX_ATTACHMENTS,
  };
  const message = await parseAtDepth(raw, 0, budget);
  if (budget.overLimit) message.overLimit = budget.overLimit;
  return message;
}

async function parseAtDepth(raw: Uint8Array | string, depth: number, budget: TreeBudget): Promise<ParsedMessage> {
  const received = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  const headerEnd = headerSectionEnd(received);
  if (headerEnd === undefined) throw new UnreadableMessageError(`its header section is over ${MAX_HEADER_SECTION_BYTES} bytes`);
  // Only what can hold an invitation is read, and counted against the limits below: not what is
  // carried. The header section is left as it is, so headerEnd still marks its end.
  const bytes = withoutBulkyBodies(received);
  const excess = structuralExcess(bytes, budget);
  if (excess) budget.overLimit ??= excess;
  // Over a limit, only the header block is read: enough to answer the sender, nothing to chew on.
  const flowed = neutralizeFlowed(excess ? headerBlock(bytes, headerEnd) : bytes);
  let email: MimeRead;
  try {
    email = await readMime(flowed.raw);
  } catch (error) {
    // An attached message nested too deep stays an unread attachment (below); the outer message stands.
    const tooDeep = depth === 0 ? nestingExcess(error) : undefined;
    if (!tooDeep || excess) throw new UnreadableMessageError('not a readable MIME message', { cause: error });
    // Too deep to read, but its header still says who to answer and why nothing was logged.
    budget.overLimit ??= tooDeep;
    email = await readMime(headerBlock(bytes, headerEnd)).catch((headerError: unknown) => {
      throw new UnreadableMessageError('not a readable MIME message', { cause: headerError });
    });
  }

  const attachments: ParsedAttachment[] = [];
  const attachedMessages: ParsedMessage[] = [];
  budget.attachments -= email.attachments.length;
  if (budget.attachments < 0) {
    budget.overLimit ??= new ReadLimitError('mime-parts', `it has more than ${MAX_ATTACHMENTS} attachments`);
  }
  for (const attachment of email.attachments.slice(0, MAX_ATTACHMENTS)) {
    const content = toBytes(attachment.content);
    if (
      attachment.mimeType === 'message/rfc822' &&
      depth < MAX_FORWARD_DEPTH &&
      !budget.overLimit &&
      withinForwardBudget(budget, content)
    ) {
      try {
        attachedMessages.push(await parseAtDepth(content, depth + 1, budget));
        continue;
      } catch (error) {
        // An attached message that does not parse is still an attachment; the outer message stands.
        if (!(error instanceof UnreadableMessageError)) throw error;
      }
    }
    attachments.push({
      mimeType: attachment.mimeType.toLowerCase(),
      ...(attachment.filename ? { filename: attachment.filename } : {}),
      ...(attachment.method ? { method: attachment.method.toUpperCase() } : {}),
      content,
    });
  }

  const headers = email.headers.map((h) => ({ key: h.key, value: h.value }));
  const dateHeader = headers.find((h) => h.key === 'date')?.value;
  const dateOffsetMinutes = dateHeader ? offsetFromDateHeader(dateHeader) : undefined;
  const date = email.date && !Number.isNaN(Date.parse(email.date)) ? new Date(email.date).toISOString() : undefined;
  const plain = flowed.flowed && email.text !== undefined ? decodeFlowed(email.text, flowed.delSp) : email.text;
  const text = plain?.slice(0, MAX_BODY_CHARS);
  const html = email.html?.slice(0, MAX_BODY_CHARS);
  // Subjects are read by several expressions and kept to 1,000 characters; a longer one is padding.
  const subject = email.subject?.slice(0, MAX_SUBJECT_CHARS);

  return {
    headers,
    ...(email.from ? firstMailbox([email.from]) : {}),
    to: mailboxes(email.to),
    cc: mailboxes(email.cc),
    ...(subject !== undefined ? { subject } : {}),
    ...(email.messageId ? { messageId: email.messageId } : {}),
    ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
    ...(email.references ? { references: email.references } : {}),
    ...(date ? { date } : {}),
    ...(dateOffsetMinutes !== undefined ? { dateOffsetMinutes } : {}),
    ...(text ? { text } : {}),
    ...(html ? { html } : {}),
    attachments,
    attachedMessages,
    forwarded: attachedMessages.length > 0 || looksForwarded(headers, subject, text ?? html ?? ''),
  };
}

/** The limits both MIME readers read with (plain-mime declines past them, postal-mime refuses). */
export const MIME_LIMITS = { maxNestingDepth: MAX_MIME_NESTING, maxHeadersSize: MAX_HEADERS_BYTES };

async function readMime(raw: Uint8Array): Promise<MimeRead> {
  return (await readPlainMime(raw, MIME_LIMITS)) ?? readWithPostalMime(raw);
}

/** postal-mime's reading of a message: what plain-mime declines, and the reference it is held to. */
export function readWithPostalMime(raw: Uint8Array): Promise<MimeRead> {
  return PostalMime.parse(wholeBuffer(raw), {
    // Keep every forwarded message whole, so its headers and calendar stay together and the
    // outer body is only what the forwarder wrote.
    forceRfc822Attachments: true,
    attachmentEncoding: 'arraybuffer',
    ...MIME_LIMITS,
  });
}

/**
 * The bytes as the ArrayBuffer they fill, when they fill one: postal-mime copies any view it is
 * given into an ArrayBuffer of its own first (it only reads it), so a whole message is handed
 * over without that copy. A view into a larger buffer is given as it is (and copied).
 */
function wholeBuffer(bytes: Uint8Array): Uint8Array | ArrayBuffer {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? buffer : bytes;
}

/** postal-mime's refusal of parts nested past MAX_MIME_NESTING, as the limit the sender is told about. */
function nestingExcess(error: unknown): ReadLimitError | undefined {
  if (!(error instanceof Error) || !/nesting depth/i.test(error.message)) return undefined;
  return new ReadLimitError('mime-nesting', `its MIME parts are nested more than ${MAX_MIME_NESTING} levels deep`, { cause: error });
}

const NEWLINE = 0x0a;
const DASH = 0x2d;

/** A message too large or with too many parts to hand to postal-mime; counted in one pass over the bytes. */
function structuralExcess(bytes: Uint8Array, budget: TreeBudget): ReadLimitError | undefined {
  if (bytes.byteLength > MAX_READ_BYTES) {
    return new ReadLimitError('message-bytes', `it is larger than ${MAX_READ_BYTES / 1024 / 1024} MB`);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buffer.indexOf(NEWLINE); at >= 0; at = buffer.indexOf(NEWLINE, at + 1)) {
    budget.lines -= 1;
    if (budget.lines < 0)
      return new ReadLimitError(
        'message-lines',
        `it has more than ${MAX_LINES.toLocaleString('en')} lines (attachments count: forward the invitation without them)`,
      );
    if (buffer[at + 1] === DASH && buffer[at + 2] === DASH && --budget.boundaryLines < 0) {
      return new ReadLimitError('mime-parts', `it has more than ${MAX_BOUNDARY_LINES} MIME parts`);
    }
  }
  return undefined;
}

/** The header block of a raw message (up to its first empty line), as a message with no body. */
function headerBlock(bytes: Uint8Array, headerEnd: number): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Buffer.concat([buffer.subarray(0, headerEnd), Buffer.from('\r\n')]);
}

/** Takes one forwarded message out of the budget; false (and the reason kept) once it is spent. */
function withinForwardBudget(budget: TreeBudget, content: Uint8Array): boolean {
  budget.forwardedMessages -= 1;
  budget.forwardedBytes -= content.byteLength;
  if (budget.forwardedMessages < 0) {
    budget.overLimit = new ReadLimitError('forwarded-messages', `it holds more than ${MAX_FORWARDED_MESSAGES} forwarded messages`);
  } else if (budget.forwardedBytes < 0) {
    budget.overLimit = new ReadLimitError(
      'forwarded-bytes',
      `its forwarded messages add up to more than ${MAX_FORWARDED_BYTES / 1024 / 1024} MB`,
    );
  }
  return !budget.overLimit;
}

function toBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function firstMailbox(list: PostalMime.Address[]): { from?: ParsedAddress } {
  const [first] = mailboxes(list);
  return first ? { from: first } : {};
}

function mailboxes(list: PostalMime.Address[] | undefined): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  for (const entry of list ?? []) {
    const members = entry.group ?? [entry];
    for (const member of members) {
      if (!member.address) continue;
      out.push(member.name ? { name: member.name, address: member.address } : { address: member.address });
    }
  }
  return out;
}

/** "Fri, 22 Oct 2021 14:15:20 +0300" → 180. Obsolete zone names (EST, GMT…) per RFC 5322 §4.3. */
function offsetFromDateHeader(value: string): number | undefined {
  const numeric = /(?:^|\s)([+-])(\d{2})(\d{2})(?:\s|$|\()/.exec(value);
  if (numeric) {
    const [, sign, hours, minutes] = numeric;
    const total = Number(hours) * 60 + Number(minutes);
    // RFC 5322 §3.3: "-0000" says the local time zone is unknown — not UTC.
    if (sign === '-' && total === 0) return undefined;
    return sign === '-' ? -total : total;
  }
  const named = /\b(UT|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT)\s*(?:\(|$)/i.exec(value.trim());
  const OBSOLETE_ZONES: Record<string, number> = {
    UT: 0,
    GMT: 0,
    Z: 0,
    EST: -300,
    EDT: -240,
    CST: -360,
    CDT: -300,
    MST: -420,
    MDT: -360,
    PST: -480,
    PDT: -420,
  };
  return named?.[1] ? OBSOLETE_ZONES[named[1].toUpperCase()] : undefined;
}

/** Subject prefixes mail clients put on a forward, in the languages users write in. */
const FORWARD_SUBJECT = /^\s*(?:\[?(?:fwd?|fw|tr|wg|rv|enc|doorst|vs|vb|pd|fwt|пересл|ynlt|転送)\s*:)/i;
/** Banners clients put above a forwarded message in the body. */
const FORWARD_BANNER =
  /^[ \t>*]*(?:-{2,}[ \t]*(?:forwarded message|original message|original appointment|message transf[ée]r[ée]|mensaje reenviado|messaggio inoltrato|weitergeleitete nachricht|doorgestuurd bericht|mensagem encaminhada|vidarebefordrat meddelande|videresendt meddelelse|välitetty viesti|пересылаемое сообщение|przekazana wiadomość)[ \t]*-{2,}|begin forwarded message[ \t]*:)/im;
const FORWARD_HEADERS = new Set(['x-forwarded-message-id', 'x-forwarded-for', 'resent-from', 'x-ms-exchange-forwarded']);

function looksForwarded(headers: { key: string }[], subject: string | undefined, body: string): boolean {
  if (headers.some((h) => FORWARD_HEADERS.has(h.key))) return true;
  if (subject && FORWARD_SUBJECT.test(subject)) return true;
  return FORWARD_BANNER.test(body.slice(0, 64 * 1024));
}
