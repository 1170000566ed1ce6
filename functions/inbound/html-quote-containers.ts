/**
 * The elements mail clients wrap the quoted message in when they reply in HTML. Cutting them
 * before the HTML becomes text means an HTML-only reply needs no guessing at "On … wrote:" lines
 * in languages not seen before. Read from the start tag's attributes only, in one pass.
 *
 * - `rest`: the container and everything after it is the quoted message (Outlook puts its
 *   From:/Sent: block in `div#divRplyFwdMsg` and the old message after it, as siblings;
 *   `div#appendonsend` marks where that begins).
 * - `element`: only the element itself (with what it contains) is the quote, so a reply written
 *   below or between quotes stays (Gmail's `div.gmail_quote`, Yahoo's `div.yahoo_quoted`, Apple
 *   Mail's and Thunderbird's `blockquote type="cite"`, Thunderbird's `div.moz-cite-prefix`).
 */
type QuoteExtent = 'rest' | 'element';

/** Attributes longer than this are not a client's markup; they are read only this far. */
const MAX_ATTRIBUTES_CHARS = 2_000;

const OUTLOOK_IDS = new Set(['divrplyfwdmsg', 'appendonsend']);
const QUOTE_CLASSES = new Set(['gmail_quote', 'yahoo_quoted', 'moz-cite-prefix']);

interface QuoteAttributes {
  id?: string;
  classes: string[];
  type?: string;
}

/** Whether the start tag `<name …>` (attributes in `source[from, to)`) opens a quote container. */
export function quoteContainer(name: string, source: string, from: number, to: number): QuoteExtent | undefined {
  if (name !== 'div' && name !== 'blockquote') return undefined;
  const attributes = readAttributes(source.slice(from, Math.min(to, from + MAX_ATTRIBUTES_CHARS)));
  if (attributes.id && OUTLOOK_IDS.has(attributes.id.toLowerCase())) return 'rest';
  if (attributes.classes.some((name) => QUOTE_CLASSES.has(name.toLowerCase()))) return 'element';
  if (name === 'blockquote' && attributes.type?.toLowerCase() === 'cite') return 'element';
  return undefined;
}

/** `id`, `class` and `type` of an attribute list (`a="…" b='…' c=d e`), scanning each character once. */
function readAttributes(text: string): QuoteAttributes {
  const found: QuoteAttributes = { classes: [] };
  let at = 0;
  while (at < text.length) {
    while (at < text.length && isSpaceOrSlash(text[at]!)) at += 1;
    const nameStart = at;
    while (at < text.length && !isSpaceOrSlash(text[at]!) && text[at] !== '=') at += 1;
    const name = text.slice(nameStart, at).toLowerCase();
    while (at < text.length && isSpace(text[at]!)) at += 1;
    let value = '';
    if (text[at] === '=') {
      at += 1;
      while (at < text.length && isSpace(text[at]!)) at += 1;
      const quote = text[at];
      if (quote === '"' || quote === "'") {
        const end = text.indexOf(quote, at + 1);
        const stop = end < 0 ? text.length : end;
        value = text.slice(at + 1, stop);
        at = stop + 1;
      } else {
        const valueStart = at;
        while (at < text.length && !isSpace(text[at]!)) at += 1;
        value = text.slice(valueStart, at);
      }
    }
    if (name === 'id') found.id = value.trim();
    else if (name === 'class') found.classes = value.split(/\s+/).filter(Boolean);
    else if (name === 'type') found.type = value.trim();
    if (at === nameStart) at += 1;
  }
  return found;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f';
}

function isSpaceOrSlash(char: string): boolean {
  return isSpace(char) || char === '/';
}
