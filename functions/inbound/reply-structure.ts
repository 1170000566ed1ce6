import {
  DEVICE_BRANDS,
  FORWARD_WORDS,
  GET_APP_VERBS,
  HEADER_LABELS,
  HEADER_OPENERS,
  SENT_VERBS,
  WROTE_VERBS,
  foldText,
  type HeaderField,
} from './reply-languages';

/**
 * What each line of a reply is, judged by the shape mail clients give it: quote headers,
 * header blocks, separators, device signatures. Every test here works on one line (or a few
 * joined) of bounded length with anchored, non-nested patterns, so the cost stays linear in the
 * input whatever an attacker sends.
 */

/** A quote header is short; longer lines are the user's prose. */
const MAX_HEADER_CHARS = 400;
/** "On … wrote:" wraps over at most this many lines (Apple Mail, Gmail with long names). */
const MAX_HEADER_LINES = 3;
/** Lines a header block may span (From, Sent, To, Cc, Subject, Reply-To, plus wrapping). */
const HEADER_BLOCK_WINDOW = 8;
/** A label is a word or two ("From", "Envoyé le", "Másolatot kap", "تم الإرسال"). */
const MAX_LABEL_CHARS = 24;
/** A device signature is a short phrase ("Sent from my Samsung Galaxy smartphone."). */
const MAX_SIGNATURE_CHARS = 100;
const MAX_SIGNATURE_WORDS = 10;

const QUOTED = /^\s*>/;
const RULE = /^\s*[-_=*~─━]{5,}\s*$/;
/** The title between the rules of "-----Original Message-----" is a few words. */
const MAX_DASHED_TITLE_CHARS = 50;
/** A date or time in any script's digits: "12:00", "2024", "26.5.2017", "04/12". */
const DATE_OR_TIME = /\p{Nd}{1,2}[:.h]\p{Nd}{2}|\p{Nd}{4}|\p{Nd}{1,2}[./-]\p{Nd}{1,2}/u;
const EMAIL_ADDRESS = /[^\s<>()[\]@]@[^\s<>()[\]@]+\.[^\s<>()[\]@]/;
const ENDS_WITH_COLON = /[:：]\s*$/;
const WORDS = /[\p{L}\p{N}'’-]+/gu;

export function isQuoted(line: string): boolean {
  return QUOTED.test(line);
}

export function isRule(line: string): boolean {
  return RULE.test(line);
}

export function isBlankLine(line: string | undefined): boolean {
  return !line || !line.trim();
}

/** "-----Original Message-----" in any language, "Begin forwarded message:" and its translations. */
export function isSeparator(line: string): boolean {
  if (line.length > MAX_HEADER_CHARS) return false;
  if (isDashedTitle(line)) return true;
  const folded = foldText(line.trim());
  return folded.length <= 60 && ENDS_WITH_COLON.test(folded) && FORWARD_WORDS.some((word) => folded.includes(word));
}

/**
 * "-----Original Message-----", "-----Original-Nachricht-----", "-------- Ursprüngliche Nachricht
 * --------Von: …", "---------- Forwarded message ---------": a short title between two rules.
 */
function isDashedTitle(line: string): boolean {
  const text = line.trimStart();
  const rule = /^[-_=]{2,}/.exec(text)?.[0];
  if (!rule) return false;
  const rest = text.slice(rule.length);
  const close = rest.search(/--|__|==/);
  if (close < 2 || close > MAX_DASHED_TITLE_CHARS) return false;
  return /\p{L}{2}/u.test(rest.slice(0, close));
}

/** The field a `Label: value` line of a header block names, if its label is a known one. */
function headerField(line: string): HeaderField | undefined {
  const text = foldText(line.slice(0, MAX_LABEL_CHARS + 8)).replace(/^[\s*_]+/, '');
  const colon = text.search(/[:：]/);
  if (colon <= 0 || colon > MAX_LABEL_CHARS) return undefined;
  return HEADER_LABELS.get(text.slice(0, colon).replace(/[\s*_]+$/, ''));
}

/**
 * A header block of a quoted message: at least three `Label: value` lines of different fields,
 * one of them the sender — or two when a rule or separator stands right above.
 */
export function isHeaderBlock(lines: readonly string[], start: number, ruledAbove: boolean): boolean {
  const first = headerField(lines[start] ?? '');
  if (!first) return false;
  const fields = new Set<HeaderField>([first]);
  for (let i = start + 1; i < Math.min(lines.length, start + HEADER_BLOCK_WINDOW); i++) {
    const field = headerField(lines[i] ?? '');
    if (field) fields.add(field);
  }
  return fields.has('from') && fields.size >= (ruledAbove ? 2 : 3);
}

/**
 * Where a quote header ending at `end` begins, if lines end-2..end are one: text that ends in a
 * colon and names a sender (an address, or the verb "wrote" in some language) and a date, or that
 * has the verb and is followed by quoted lines ("Jane wrote:" above "> …").
 */
export function quoteHeaderStart(lines: readonly string[], end: number): number | undefined {
  const last = lines[end] ?? '';
  if (!ENDS_WITH_COLON.test(last) || last.length > MAX_HEADER_CHARS) return undefined;
  let text = '';
  for (let start = end; start > end - MAX_HEADER_LINES && start >= 0; start--) {
    const line = lines[start] ?? '';
    if (isBlankLine(line) || line.length > MAX_HEADER_CHARS) return undefined;
    text = `${line.trim()} ${text}`;
    if (text.length > MAX_HEADER_CHARS) return undefined;
    if (namesSenderAndDate(text, lines, end)) return extendUpwards(lines, start);
  }
  return undefined;
}

function namesSenderAndDate(text: string, lines: readonly string[], end: number): boolean {
  const folded = foldText(text);
  const hasAddress = EMAIL_ADDRESS.test(text);
  const hasDate = DATE_OR_TIME.test(text);
  const hasVerb = WROTE_VERBS.some((verb) => folded.includes(verb));
  if (hasDate && (hasAddress || hasVerb)) return true;
  if (hasVerb && hasAddress) return true;
  return hasVerb && isQuoted(lines[nextNonBlank(lines, end) ?? -1] ?? '');
}

/** A header wrapped after its date ("Am 26.5.2017" / "um 12:00 schrieb Adam" / "<adam@…>:"). */
function extendUpwards(lines: readonly string[], start: number): number {
  let first = start;
  while (first > 0 && start - first < MAX_HEADER_LINES - 1 && !startsWithOpener(lines[first] ?? '')) {
    const above = lines[first - 1] ?? '';
    if (isBlankLine(above) || above.length > 80 || !(DATE_OR_TIME.test(above) || startsWithOpener(above))) break;
    first -= 1;
  }
  return first;
}

function startsWithOpener(line: string): boolean {
  return HEADER_OPENERS.includes(foldText(line.trim()).split(/[\s,]/, 1)[0] ?? '');
}

/** "Sent from my iPhone", "Lähetetty iPhonesta", "Obter o Outlook para Android" — not "Sent it, thanks". */
export function isDeviceSignature(line: string): boolean {
  const text = line.replace(/<[^<>]*>|\([^()]*\)|https?:\/\/\S+/g, ' ').trim();
  if (!text || text.length > MAX_SIGNATURE_CHARS || /[,;?!]/.test(text)) return false;
  const words: string[] = foldText(text).match(WORDS) ?? [];
  if (words.length === 0 || words.length > MAX_SIGNATURE_WORDS) return false;
  const joined = words.join(' ');
  const named = DEVICE_BRANDS.some((name) => words.some((word) => word.startsWith(name)) || (name.length >= 4 && joined.includes(name)));
  if (!named) return false;
  const sent = SENT_VERBS.some((verb) =>
    /^[a-z]/.test(verb) ? words.some((word) => word === verb || (verb.length >= 5 && word.startsWith(verb))) : joined.includes(verb),
  );
  if (sent) return true;
  return words.some((word) => word.startsWith('outlook')) && GET_APP_VERBS.some((verb) => words.includes(verb) || joined.includes(verb));
}

export function nextNonBlank(lines: readonly string[], from: number): number | undefined {
  for (let i = from + 1; i < lines.length; i++) if (!isBlankLine(lines[i])) return i;
  return undefined;
}
