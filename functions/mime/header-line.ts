/**
 * Header lines: keeping data from adding headers, and folding long fields (RFC 5322 §2.1.1, §2.2.3).
 */

/** RFC 5322 §2.1.1: lines SHOULD be no more than 78 characters, excluding the CRLF… */
export const PREFERRED_LINE_LENGTH = 78;
/** …and MUST be no more than 998. SES rejects a message with a longer line. */
export const MAX_LINE_LENGTH = 998;

/**
 * Replaces CR, LF and every other control character (C0, DEL, C1, and the Unicode line and
 * paragraph separators some clients break on) with a space, and trims. Values taken from an
 * inbound email go through here, so a subject like `a\r\nBcc: x@evil` stays one header.
 */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

function isWhitespace(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

/**
 * Where to fold `line`: the index of a space or tab, so that the part before it is at most 78
 * characters when possible, and never a break that leaves a line of only whitespace (RFC 5322
 * §3.2.2) or the field name alone. -1 when the line has no place to fold.
 */
function foldPoint(line: string, minimum: number): number {
  const hasText = (end: number): boolean => /[^ \t]/.test(line.slice(0, end));
  for (let i = Math.min(PREFERRED_LINE_LENGTH, line.length - 1); i > minimum; i -= 1) {
    if (isWhitespace(line[i]) && hasText(i)) return i;
  }
  for (let i = PREFERRED_LINE_LENGTH + 1; i < line.length; i += 1) {
    if (isWhitespace(line[i]) && hasText(i)) return i;
  }
  return -1;
}

/**
 * `Name: value`, folded by putting a CRLF before existing whitespace. Unfolding (RFC 5322 §2.2.3)
 * removes only the CRLF, so the value reads back exactly. The caller makes sure the value has
 * whitespace often enough (encoded-words, one message id per token); a line that still cannot be
 * brought under 998 characters is an error rather than a message SES would refuse.
 */
export function foldHeader(name: string, value: string): string {
  const lines: string[] = [];
  let rest = `${name}: ${value}`;
  // The first line must keep at least one character of the value after `Name: `.
  let minimum = name.length + 1;
  while (rest.length > PREFERRED_LINE_LENGTH) {
    const at = foldPoint(rest, minimum);
    if (at === -1) break;
    lines.push(rest.slice(0, at));
    rest = rest.slice(at);
    minimum = 0;
  }
  lines.push(rest);
  const tooLong = lines.find((line) => line.length > MAX_LINE_LENGTH);
  if (tooLong !== undefined) {
    throw new RangeError(`${name} header has an unfoldable run of ${tooLong.length} characters`);
  }
  return lines.join('\r\n');
}
