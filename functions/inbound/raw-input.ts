/**
 * Telling what raw input is before parsing it: the CLI and tests accept a file that may be a
 * MIME message, a bare calendar or a bare text body.
 */

/** Bytes looked at to decide; enough to pass a long header block. */
const SNIFF_BYTES = 8 * 1024;

/** Mail is text: 7-bit or 8-bit, never NUL bytes (RFC 5322 §2.1, RFC 6532). */
export function looksLikeText(bytes: Uint8Array): boolean {
  return !bytes.subarray(0, SNIFF_BYTES).includes(0);
}

/** Starts with a header field ("Name: value") — the shape of a MIME message, not of a body. */
export function looksLikeMimeMessage(text: string): boolean {
  const head = text.slice(0, SNIFF_BYTES).replace(/^\uFEFF/, '');
  return /^[\x21-\x39\x3B-\x7E]+:[ \t]*\S?/.test(head) && /\r?\n\r?\n/.test(head + '\n\n');
}

export function looksLikeCalendar(text: string): boolean {
  return /^\s*BEGIN:VCALENDAR/i.test(text.slice(0, SNIFF_BYTES).replace(/^\uFEFF/, ''));
}
