/**
 * HTML → plain text, simply: enough to read a reply or an invitation body that came without a
 * text part. Block elements become line breaks and `<blockquote>` content becomes "> " lines,
 * so quote detection works the same on both kinds of body. Not a renderer, and not a sanitizer:
 * the result is text and is escaped again wherever it is shown.
 *
 * A small tokenizer, not regular expressions: every character is looked at a bounded number of
 * times, so hostile HTML (half a megabyte of `<style ` or `<a href="`, which sent backtracking
 * expressions past a minute) costs the same as any other half megabyte. Like a browser, a tag,
 * comment or `<style>` that never closes swallows the rest of the document.
 *
 * With `dropQuotes` (replies), the quote containers mail clients write (html-quote-containers.ts)
 * are left out, still in one pass: a skipped element is walked tag by tag to its matching end.
 */

import { quoteContainer } from './html-quote-containers';

/** Work on at most this much HTML: invitation and reply bodies are far smaller. */
const MAX_HTML_CHARS = 512 * 1024;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  trade: '™',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
  ouml: 'ö',
  auml: 'ä',
  uuml: 'ü',
  szlig: 'ß',
  bull: '•',
};

/** Bounded repetitions only: each `&` costs at most a dozen steps. */
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'tr',
  'li',
  'ul',
  'ol',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'dt',
  'dd',
]);
/** Elements whose content is never text a person wrote to be read. */
const SKIPPED_CONTENT = new Set(['head', 'style', 'script', 'title', 'xml']);

/** A tag as the tokenizer saw it; `end` is the index just past its `>`, or undefined when it never closes. */
interface Tag {
  name: string;
  closing: boolean;
  /** Where its attributes begin (just past the name). */
  attributesStart: number;
  end: number | undefined;
}

interface HtmlToTextOptions {
  /** Leave out the quoted message of a reply, found by its client's container element. */
  dropQuotes?: boolean;
}

export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const source = html.slice(0, MAX_HTML_CHARS);
  const out = new TextLines();
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    if (open < 0) {
      out.text(source.slice(at));
      break;
    }
    if (open > at) out.text(source.slice(at, open));
    const next = source[open + 1] ?? '';
    if (source.startsWith('<!--', open)) {
      at = endOf(source, '-->', open + 4);
    } else if (next === '!' || next === '?') {
      at = endOf(source, '>', open + 2);
    } else if (isTagStart(source, open)) {
      const tag = readTag(source, open);
      if (tag.end === undefined) break;
      at = tag.end;
      const quote = options.dropQuotes && !tag.closing ? quoteContainer(tag.name, source, tag.attributesStart, tag.end) : undefined;
      if (quote === 'rest') break;
      if (quote === 'element') at = skipElement(source, tag.name, at);
      else if (!tag.closing && SKIPPED_CONTENT.has(tag.name)) at = skipContent(source, tag.name, at);
      else out.tag(tag.name, tag.closing);
    } else {
      out.text('<');
      at = open + 1;
    }
  }
  return out.finish();
}

/** Index just past the next `terminator` at or after `from`, or the end of the source. */
function endOf(source: string, terminator: string, from: number): number {
  const found = source.indexOf(terminator, from);
  return found < 0 ? source.length : found + terminator.length;
}

function isTagStart(source: string, open: number): boolean {
  const first = source.charCodeAt(source[open + 1] === '/' ? open + 2 : open + 1);
  return (first >= 97 && first <= 122) || (first >= 65 && first <= 90);
}

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 58 || code === 45;
}

/** Reads `<name attr="…">` from `open`; quoted attribute values may hold `>`. */
function readTag(source: string, open: number): Tag {
  const closing = source[open + 1] === '/';
  const nameStart = open + (closing ? 2 : 1);
  let at = nameStart;
  while (at < source.length && isNameChar(source.charCodeAt(at))) at += 1;
  const name = source.slice(nameStart, at).toLowerCase();
  const attributesStart = at;
  while (at < source.length) {
    const char = source[at];
    if (char === '>') return { name, closing, attributesStart, end: at + 1 };
    if (char === '"' || char === "'") {
      const quoteEnd = source.indexOf(char, at + 1);
      if (quoteEnd < 0) return { name, closing, attributesStart, end: undefined };
      at = quoteEnd + 1;
    } else {
      at += 1;
    }
  }
  return { name, closing, attributesStart, end: undefined };
}

/**
 * Index past the end tag matching an element opened just before `from` (same-name elements
 * nested inside are counted), or the end of the source when it never closes, as a browser would.
 */
function skipElement(source: string, name: string, from: number): number {
  let depth = 1;
  let at = from;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    if (open < 0) return source.length;
    if (source.startsWith('<!--', open)) {
      at = endOf(source, '-->', open + 4);
      continue;
    }
    if (!isTagStart(source, open)) {
      at = open + 1;
      continue;
    }
    const tag = readTag(source, open);
    if (tag.end === undefined) return source.length;
    at = tag.end;
    if (tag.name !== name || source[tag.end - 2] === '/') continue;
    depth += tag.closing ? -1 : 1;
    if (depth === 0) return at;
  }
  return source.length;
}

/** Index past `</name…>` after `from`, or the end of the source (an unclosed `<style>` takes the rest). */
function skipContent(source: string, name: string, from: number): number {
  const closing = new RegExp(`</${name}(?![a-z0-9:-])`, 'gi');
  closing.lastIndex = from;
  const found = closing.exec(source);
  if (!found) return source.length;
  return endOf(source, '>', found.index + found[0].length);
}

/** Text and tags in document order → lines, with `> ` prefixes for blockquote depth. */
class TextLines {
  private readonly lines: string[] = [];
  private current = '';
  private quoteDepth = 0;

  text(raw: string): void {
    this.current += decodeEntities(raw.replace(/\s+/g, ' '));
  }

  tag(name: string, closing: boolean): void {
    if (name === 'blockquote') {
      this.breakLine(false);
      this.quoteDepth = Math.max(0, this.quoteDepth + (closing ? -1 : 1));
    } else if (BLOCK_TAGS.has(name)) {
      this.breakLine(name === 'br');
    } else if ((name === 'td' || name === 'th') && closing) {
      this.current += ' ';
    }
  }

  finish(): string {
    if (this.current.trim()) this.flush();
    return this.lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }

  /** Ends the current line; an empty one counts only for `<br>`. */
  private breakLine(evenIfEmpty: boolean): void {
    if (this.current.trim() || evenIfEmpty) this.flush();
    else this.current = '';
  }

  private flush(): void {
    const prefix = this.quoteDepth > 0 ? `${'>'.repeat(this.quoteDepth)} ` : '';
    this.lines.push(prefix + this.current.replace(/[ \t]+/g, ' ').trim());
    this.current = '';
  }
}
