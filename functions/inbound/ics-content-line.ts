/**
 * iCalendar content lines (RFC 5545 §3.1): unfolding, and one line read into its name, its
 * parameters and its raw value in a single left-to-right pass — no regular expression ever sees
 * the untrusted text, so a hostile line costs time linear in its length.
 *
 *   contentline = name *(";" param ) ":" value CRLF
 *   param       = param-name "=" param-value *("," param-value)
 *   param-value = paramtext / quoted-string
 */

export interface ContentLine {
  /** Upper case (names are case-insensitive, RFC 5545 §2). */
  name: string;
  /** Parameter values by lower-case name, quotes removed and escapes read; the last of a repeated name wins. */
  params: Readonly<Record<string, string>>;
  /** The value as written: decoding depends on the property (see ics-values.ts). */
  value: string;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

const SEMICOLON = 0x3b;
const COLON = 0x3a;
const EQUALS = 0x3d;
const COMMA = 0x2c;
const DQUOTE = 0x22;
const CARET = 0x5e;
const BACKSLASH = 0x5c;

/**
 * Calls `visit` with each unfolded logical line, trailing white space trimmed, empty lines
 * skipped. RFC 5545 §3.1: a line break followed by one space or tab continues the line. Real
 * files end lines with CRLF, LF or a bare CR; all three end a line here.
 */
export function forEachUnfoldedLine(text: string, visit: (line: string) => boolean | void): void {
  const length = text.length;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let pending: string | undefined;
  let pieces: string[] | undefined;
  const flush = (): boolean => {
    if (pending === undefined) return true;
    const line = (pieces ? (pieces.push(pending), pieces.join('')) : pending).trimEnd();
    pending = undefined;
    pieces = undefined;
    return line === '' || visit(line) !== false;
  };
  // The next CR and LF, each searched for again only once passed: two native scans of the text in all.
  let nextCr = text.indexOf('\r', at);
  let nextLf = text.indexOf('\n', at);
  while (at < length) {
    if (nextCr >= 0 && nextCr < at) nextCr = text.indexOf('\r', at);
    if (nextLf >= 0 && nextLf < at) nextLf = text.indexOf('\n', at);
    const end = nextCr < 0 ? (nextLf < 0 ? length : nextLf) : nextLf < 0 ? nextCr : Math.min(nextCr, nextLf);
    const first = text.charCodeAt(at);
    if (pending !== undefined && (first === 0x20 || first === 0x09)) {
      // A continuation: its first white-space character is the fold, not content.
      (pieces ??= []).push(pending);
      pending = text.slice(at + 1, end);
    } else {
      if (!flush()) return;
      pending = text.slice(at, end);
    }
    at = end === nextCr && nextLf === end + 1 ? end + 2 : end + 1;
  }
  flush();
}

/**
 * One unfolded line, or `undefined` when it cannot be read as a content line (no name, a
 * parameter without "=", an unclosed quote, no ":" before the value). One repair is made, for a
 * breakage whose meaning is clear: Exchange writes the value inside the quoted TZID,
 * `DTSTART;TZID="W. Europe Standard Time:20200609T090000"`; that line is read as if the quote
 * closed before the last ":".
 */
export function parseContentLine(line: string): ContentLine | undefined {
  const nameEnd = tokenEnd(line, 0);
  if (nameEnd === 0) return undefined;
  const name = line.slice(0, nameEnd).toUpperCase();
  let at = nameEnd;
  let params: Record<string, string> | undefined;
  while (line.charCodeAt(at) === SEMICOLON) {
    const paramNameEnd = tokenEnd(line, at + 1);
    if (paramNameEnd === at + 1 || line.charCodeAt(paramNameEnd) !== EQUALS) {
      // A parameter that is not NAME=VALUE (`;RSVP`, `;;`) costs itself, not the property.
      const skipped = skipParameter(line, at + 1);
      if (skipped < 0) return undefined;
      at = skipped;
      continue;
    }
    const paramName = line.slice(at + 1, paramNameEnd).toLowerCase();
    const read = readParamValues(line, paramNameEnd + 1);
    if (!read) return undefined;
    params ??= Object.create(null) as Record<string, string>;
    if ('valueInQuote' in read) {
      params[paramName] = read.paramValue;
      return { name, params, value: read.valueInQuote };
    }
    params[paramName] = read.text;
    at = read.end;
  }
  if (line.charCodeAt(at) !== COLON) return undefined;
  return { name, params: params ?? NO_PARAMS, value: line.slice(at + 1) };
}

/** Where an unreadable parameter from `start` ends (its ";" or ":" outside quotes), or -1 when a quote never closes. */
function skipParameter(line: string, start: number): number {
  for (let at = start; at < line.length; at++) {
    const code = line.charCodeAt(at);
    if (code === SEMICOLON || code === COLON) return at;
    if (code === DQUOTE) {
      at = line.indexOf('"', at + 1);
      if (at < 0) return -1;
    }
  }
  return -1;
}

/** End of a name (RFC 5545 §3.1: iana-token / x-name, ALPHA / DIGIT / "-") starting at `start`. */
function tokenEnd(line: string, start: number): number {
  let at = start;
  for (; at < line.length; at++) {
    const code = line.charCodeAt(at);
    const isToken = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
    if (!isToken) break;
  }
  return at;
}

type ParamRead = { text: string; end: number } | { paramValue: string; valueInQuote: string };

/** The comma-separated values of one parameter from `start`, joined by ","; `end` is the ";" or ":" after them. */
function readParamValues(line: string, start: number): ParamRead | undefined {
  let at = start;
  let text = '';
  for (;;) {
    if (line.charCodeAt(at) === DQUOTE) {
      const close = line.indexOf('"', at + 1);
      if (close < 0) return undefined;
      const quoted = line.slice(at + 1, close);
      if (close === line.length - 1) return valueInsideQuote(text, quoted);
      text += quoted;
      at = close + 1;
    } else {
      let end = at;
      for (; end < line.length; end++) {
        const code = line.charCodeAt(end);
        if (code === SEMICOLON || code === COLON || code === COMMA || code === DQUOTE) break;
      }
      text += line.slice(at, end);
      at = end;
    }
    if (line.charCodeAt(at) !== COMMA) break;
    text += ',';
    at += 1;
  }
  const next = line.charCodeAt(at);
  if (next !== SEMICOLON && next !== COLON) return undefined;
  return { text: readParamText(text), end: at };
}

/** A quote that closes the line: Exchange's `TZID="Zone:value"`, split at the quote's last ":". */
function valueInsideQuote(before: string, quoted: string): ParamRead | undefined {
  const colon = quoted.lastIndexOf(':');
  if (colon < 0 || colon === quoted.length - 1) return undefined;
  return { paramValue: readParamText(before + quoted.slice(0, colon)), valueInQuote: quoted.slice(colon + 1) };
}

/**
 * RFC 6868 caret escapes (^n newline, ^' double quote, ^^ caret). Producers also write TEXT
 * escapes inside parameters (`CN="Doe\, Jane"`), which RFC 5545 does not define there; they are
 * read as the writer meant them, as TEXT (§3.3.11).
 */
function readParamText(text: string): string {
  const caret = text.indexOf('^');
  const backslash = text.indexOf('\\');
  if (caret < 0 && backslash < 0) return text;
  let out = '';
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    const next = text[at + 1];
    if (code === CARET && (next === 'n' || next === "'" || next === '^')) {
      out += next === 'n' ? '\n' : next === "'" ? '"' : '^';
      at++;
    } else if (code === BACKSLASH && next !== undefined && TEXT_ESCAPES[next] !== undefined) {
      out += TEXT_ESCAPES[next];
      at++;
    } else {
      out += text[at];
    }
  }
  return out;
}

/** RFC 5545 §3.3.11: the escapes a TEXT value may hold; any other backslash stays as written. */
const TEXT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', ';': ';', ',': ',', n: '\n', N: '\n' };

/** A TEXT value (RFC 5545 §3.3.11) with its escapes read. */
export function unescapeText(value: string): string {
  if (value.indexOf('\\') < 0) return value;
  let out = '';
  let from = 0;
  for (let at = value.indexOf('\\'); at >= 0 && at < value.length - 1; at = value.indexOf('\\', at)) {
    const replacement = TEXT_ESCAPES[value[at + 1] as string];
    if (replacement === undefined) {
      at += 1;
      continue;
    }
    out += value.slice(from, at) + replacement;
    at += 2;
    from = at;
  }
  return out + value.slice(from);
}
