import { LIMITS } from '../domain/model';
import { htmlToText } from './html-text';
import {
  isBlankLine,
  isDeviceSignature,
  isHeaderBlock,
  isQuoted,
  isRule,
  isSeparator,
  nextNonBlank,
  quoteHeaderStart,
} from './reply-structure';

/**
 * The text a user wrote in a reply, without what their mail client added: the quoted message and
 * the header above it ("On … wrote:", "Am … schrieb …:", "W dniu … napisał:", Outlook's block of
 * From:/Sent:/To: in the client's language, "-----Original Message-----" and its translations), and
 * device signatures ("Sent from my iPhone", "Von meinem iPhone gesendet", a "-- " block). Quotes
 * are found by their structure (see reply-structure.ts), so a client or language not seen before
 * still works when it follows the usual shapes. Top-posted replies keep the text above the quote,
 * bottom-posted ones the text below it. A personal sign-off ("Eva", "Cheers, Jane") stays.
 */

/** Replies are notes; only the start of a huge body can be one. */
const MAX_INPUT_CHARS = 256 * 1024;
/** Lines longer than this are cut before classification: no test then sees an unbounded line. */
const MAX_LINE_CHARS = 4_000;
/** A sign-off line right before a quote: "-Abhishek Kona", "— Jane". */
const DASH_SIGN_OFF = /^\s*[-–—~]\s*\p{L}[\p{L}.' -]{0,40}$/u;
/** RFC 3676 §4.3: "-- " alone on a line starts a signature block (some clients drop the space). */
const SIGNATURE_DELIMITER = /^--\s?$/;

export function extractReplyText(input: string): string {
  const lines = input
    .slice(0, MAX_INPUT_CHARS)
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.slice(0, MAX_LINE_CHARS));
  const cut = findQuoteStart(lines);

  let reply: string[];
  if (cut === undefined) {
    reply = lines;
  } else {
    reply = lines.slice(0, cut);
    if (reply.every(isBlankLine)) reply = bottomPosted(lines, cut);
  }
  const text = stripSignature(trimEnd(reply), cut !== undefined).join('\n');
  return text
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, LIMITS.note);
}

/**
 * HTML-only messages: the quote containers of the sender's client are dropped first, then the
 * same extraction runs over a simple text rendering (for clients that mark no container).
 */
export function extractReplyTextFromHtml(html: string): string {
  return extractReplyText(htmlToText(html, { dropQuotes: true }));
}

/** Index of the first line that belongs to the quoted message (its header or the quote itself). */
function findQuoteStart(lines: readonly string[]): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isBlankLine(line)) continue;
    if (isQuoted(line) || isSeparator(line)) return i;
    const header = quoteHeaderStart(lines, i);
    if (header !== undefined) return header;
    if (isHeaderBlock(lines, i, false)) return i;
    if (isRule(line)) {
      const next = nextNonBlank(lines, i);
      if (next !== undefined && (isHeaderBlock(lines, next, true) || isSeparator(lines[next] ?? ''))) return i;
    }
  }
  return undefined;
}

/** Bottom-posting: the reply is what follows the quote, without quote and header lines. */
function bottomPosted(lines: readonly string[], cut: number): string[] {
  const rest = lines.slice(cut);
  let lastQuoted = -1;
  rest.forEach((line, index) => {
    if (isQuoted(line)) lastQuoted = index;
  });
  if (lastQuoted < 0) return [];
  const after = rest.slice(lastQuoted + 1);
  // Stop again at a further quoted message below the reply, if any.
  const again = findQuoteStart(after);
  return again === undefined ? after : after.slice(0, again);
}

/** Rules and blank lines left at the end of the reply, above a quote that was cut. */
function trimEnd(lines: readonly string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && (isRule(out[out.length - 1] ?? '') || isBlankLine(out[out.length - 1]))) out.pop();
  return out;
}

function stripSignature(lines: readonly string[], quoted: boolean): string[] {
  const delimiter = lines.findIndex((line) => SIGNATURE_DELIMITER.test(line));
  let out = trimEnd(delimiter >= 0 ? lines.slice(0, delimiter) : lines);
  for (;;) {
    const last = (out[out.length - 1] ?? '').trim();
    if (last && isDeviceSignature(last)) {
      out = trimEnd(out.slice(0, -1));
      continue;
    }
    // A "-Name" sign-off counts only where it closes the text right above a quote.
    if (quoted && last && DASH_SIGN_OFF.test(last) && out.length > 1) {
      out = trimEnd(out.slice(0, -1));
      continue;
    }
    return out;
  }
}
