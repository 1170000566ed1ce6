import { LIMITS } from '../../domain/model';
import { htmlToText } from './html-text';

/**
 * The text a user wrote in a reply, without what their mail client added: the quoted message
 * and the header above it ("On … wrote:", Outlook's From:/Sent: block, "-----Original
 * Message-----"), and device signatures ("Sent from my iPhone", a "-- " block). Works for
 * top-posted replies (text above the quote) and bottom-posted ones (text below it).
 */

/** Replies are notes; only the start of a huge body can be one. */
const MAX_INPUT_CHARS = 256 * 1024;
/** An "On … wrote:" header wraps over at most this many lines. */
const MAX_HEADER_LINES = 3;
/** Lines an Outlook header block spans (From, Sent, To, Cc, Subject, plus wrapping). */
const OUTLOOK_BLOCK_LINES = 8;

/** The end of a quote header, in the languages mail clients localise it to. */
const WROTE =
  /(?:wrote|writes|schrieb|a écrit|escribió|ha escrito|ha scritto|escreveu|schreef|skrev|kirjoitti|napisał\(a\)|napisał|napisala|написал\(а\)|написала|написал|yazdı|έγραψε|さんは書きました|写道)\s*:?\s*$/i;
/** How a quote header starts: "On", "Le", "Am", "El"…, or a date. */
const HEADER_START =
  /^\s*(?:(?:on|le|am|el|il|em|op|den|på|w dniu|dnia|в)\s|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\s+\p{L}+\.?\s+\d{4}|(?:mon|tue|wed|thu|fri|sat|sun)\p{L}*,)/iu;
const SEPARATOR =
  /^\s*(?:-{2,}\s*(?:original message|original appointment|forwarded message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|исходное сообщение|message transf[ée]r[ée])\s*-{2,}|begin forwarded message:)\s*$/i;
const HEADER_FIELD = /^\s*\*?(from|sent|date|to|cc|subject|de|envoyé|à|objet|von|gesendet|an|betreff|enviado|para|asunto|da|inviato|oggetto|van|verzonden|aan|onderwerp|от|отправлено|кому|тема)\s*:\*?\s*\S/i;
const FROM_FIELD = /^\s*\*?(from|de|von|da|van|от)\s*:\*?\s*\S/i;
const RULE = /^\s*[-_=*~]{5,}\s*$/;
/** A device or app signature: "Sent from my iPhone", "Sent with Sparrow (http://…)", "Get Outlook for iOS". */
const DEVICE_SIGNATURE =
  /^(?:(?:sent|envoyé|gesendet|enviado|inviato|verzonden|skickat|отправлено)\s+(?:from|with|via|using|de|depuis|avec|von|mit|desde|con|da|vanaf|från|с|из)\s+[^,;:!?]{1,50}|get outlook for \w+)\.?$/i;
/** A sign-off line right before a quote: "-Abhishek Kona", "— Jane". */
const DASH_SIGN_OFF = /^\s*[-–—~]\s*\p{L}[\p{L}.' -]{0,40}$/u;

export function extractReplyText(input: string): string {
  const lines = input.slice(0, MAX_INPUT_CHARS).replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').split('\n');
  const cut = findQuoteStart(lines);

  let reply: string[];
  let quoted = false;
  if (cut === undefined) {
    reply = lines;
  } else {
    quoted = true;
    reply = lines.slice(0, cut);
    if (isBlank(reply)) reply = bottomPosted(lines, cut);
  }
  const text = stripSignature(trimRules(reply), quoted).join('\n');
  return text.replace(/\n{3,}/g, '\n\n').trim().slice(0, LIMITS.note);
}

/** HTML-only messages: the same extraction over a simple text rendering. */
export function extractReplyTextFromHtml(html: string): string {
  return extractReplyText(htmlToText(html));
}

/** Index of the first line that belongs to the quoted message (its header or the quote itself). */
function findQuoteStart(lines: string[]): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*>/.test(line) || SEPARATOR.test(line)) return i;
    if (WROTE.test(line)) {
      const start = headerStart(lines, i);
      if (start !== undefined) return start;
    }
    if (FROM_FIELD.test(line) && isOutlookBlock(lines, i)) return i;
    if (RULE.test(line) && nextNonBlank(lines, i) !== undefined && FROM_FIELD.test(lines[nextNonBlank(lines, i) as number] ?? '')) return i;
  }
  return undefined;
}

/** A "… wrote:" line may close a header that began a line or two above ("On Tue, … <\nx@y> wrote:"). */
function headerStart(lines: string[], wroteLine: number): number | undefined {
  const line = lines[wroteLine] ?? '';
  if (HEADER_START.test(line)) return wroteLine;
  for (let i = wroteLine - 1; i >= Math.max(0, wroteLine - MAX_HEADER_LINES + 1); i--) {
    const above = lines[i] ?? '';
    if (!above.trim()) break;
    if (HEADER_START.test(above)) return i;
  }
  // "Here is what she wrote:" in the user's own text is not a header: a real one names an
  // address or a date, or is followed by the quote.
  const next = nextNonBlank(lines, wroteLine);
  const quoteFollows = next !== undefined && /^\s*>/.test(lines[next] ?? '');
  return quoteFollows || /@|\d/.test(line) ? wroteLine : undefined;
}

/** From: followed closely by at least one more header field (Sent:, To:, Subject: …). */
function isOutlookBlock(lines: string[], fromLine: number): boolean {
  let fields = 0;
  for (let i = fromLine + 1; i < Math.min(lines.length, fromLine + OUTLOOK_BLOCK_LINES); i++) {
    if (HEADER_FIELD.test(lines[i] ?? '')) fields += 1;
  }
  return fields >= 2;
}

/** Bottom-posting: the reply is what follows the quote, without quote and header lines. */
function bottomPosted(lines: string[], cut: number): string[] {
  const rest = lines.slice(cut);
  const lastQuoted = rest.reduce((last, line, index) => (/^\s*>/.test(line) ? index : last), -1);
  const after = rest.slice(lastQuoted + 1);
  // Stop again at a further quoted message below the reply, if any.
  const again = findQuoteStart(after);
  const reply = again === undefined ? after : after.slice(0, again);
  return reply.filter((line) => !WROTE.test(line));
}

/** Rules and blank lines left at the end of the reply, above a quote that was cut. */
function trimRules(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && (RULE.test(out[out.length - 1] ?? '') || !(out[out.length - 1] ?? '').trim())) out.pop();
  return out;
}

function stripSignature(lines: string[], quoted: boolean): string[] {
  // "-- " (RFC 3676 §4.3) starts a signature block: everything below it goes.
  const delimiter = lines.findIndex((line) => /^--\s?$/.test(line));
  let out = delimiter >= 0 ? lines.slice(0, delimiter) : [...lines];
  out = trimRules(out);

  for (;;) {
    const last = (out[out.length - 1] ?? '').trim();
    const withoutLinks = last.replace(/\([^)]*\)|<[^>]*>/g, '').trim();
    if (last && DEVICE_SIGNATURE.test(withoutLinks)) {
      out = trimRules(out.slice(0, -1));
      continue;
    }
    // A "-Name" sign-off counts only where it closes the text right above a quote.
    if (quoted && last && DASH_SIGN_OFF.test(last) && out.length > 1) {
      out = trimRules(out.slice(0, -1));
      continue;
    }
    return out;
  }
}

function isBlank(lines: string[]): boolean {
  return lines.every((line) => !line.trim());
}

function nextNonBlank(lines: string[], from: number): number | undefined {
  for (let i = from + 1; i < lines.length; i++) if ((lines[i] ?? '').trim()) return i;
  return undefined;
}
