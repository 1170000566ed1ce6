/**
 * HTML → plain text, simply: enough to read a reply or an invitation body that came without a
 * text part. Block elements become line breaks and `<blockquote>` content becomes "> " lines,
 * so quote detection works the same on both kinds of body. Not a renderer, and not a sanitizer:
 * the result is text and is escaped again wherever it is shown.
 */

/** Work on at most this much HTML: invitation and reply bodies are far smaller. */
export const MAX_HTML_CHARS = 512 * 1024;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©', reg: '®', trade: '™',
  eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç', ouml: 'ö', auml: 'ä', uuml: 'ü', szlig: 'ß', bull: '•',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAGS = /^(p|div|br|tr|li|ul|ol|table|h[1-6]|pre|hr|section|article|header|footer|dt|dd)$/i;

export function htmlToText(html: string): string {
  const source = html
    .slice(0, MAX_HTML_CHARS)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title|xml)\b[\s\S]*?<\/\1\s*>/gi, '');

  const lines: string[] = [];
  let current = '';
  let quoteDepth = 0;
  const flush = (): void => {
    const prefix = quoteDepth > 0 ? `${'>'.repeat(quoteDepth)} ` : '';
    lines.push(prefix + current.replace(/[ \t]+/g, ' ').trim());
    current = '';
  };

  // Walk tags and text in order; depth of <blockquote> decides the quote prefix of each line.
  const token = /<\/?([a-z][a-z0-9:-]*)\b[^>]*>|([^<]+)|</gi;
  for (let match = token.exec(source); match; match = token.exec(source)) {
    const [whole, tag, text] = match;
    if (text !== undefined || whole === '<') {
      current += decodeEntities((text ?? '<').replace(/\s+/g, ' '));
      continue;
    }
    if (!tag) continue;
    const closing = whole.startsWith('</');
    if (/^blockquote$/i.test(tag)) {
      if (current.trim()) flush();
      else current = '';
      quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
    } else if (BLOCK_TAGS.test(tag)) {
      if (current.trim() || /^br$/i.test(tag)) flush();
      else current = '';
    } else if (/^(td|th)$/i.test(tag) && closing) {
      current += ' ';
    }
  }
  if (current.trim()) flush();
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
