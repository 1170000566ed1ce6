/**
 * The one budget for a message's header section, read by every reader of raw mail: the local
 * SMTP server's sender check (from-header.ts), the MIME parser (parse-message.ts) and so the
 * SES path, which reads through the parser. With two budgets a message could hide its From from
 * the one that checks it and show it to the one that acts on it (270 padding headers of 1 KB,
 * then `From: alice@allowed.example`), so a header section that does not end within it is not
 * read by anyone: refused at SMTP, unreadable to the parser. Real header sections, long Received
 * chains included, stay far below.
 */
export const MAX_HEADER_SECTION_BYTES = 256 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Where the header section of raw bytes ends (the index of its terminating empty line, or the
 * end of bytes without a body), or undefined when it runs past MAX_HEADER_SECTION_BYTES.
 */
export function headerSectionEnd(raw: Uint8Array): number | undefined {
  const limit = Math.min(raw.byteLength, MAX_HEADER_SECTION_BYTES + 2);
  for (let at = raw.indexOf(LF); at >= 0 && at < limit; at = raw.indexOf(LF, at + 1)) {
    const next = raw[at + 1] === CR ? at + 2 : at + 1;
    if (raw[next] === LF || next >= raw.byteLength) return at + 1 > MAX_HEADER_SECTION_BYTES ? undefined : at + 1;
  }
  return raw.byteLength <= MAX_HEADER_SECTION_BYTES ? raw.byteLength : undefined;
}
