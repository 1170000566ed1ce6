/**
 * A message as if `from` had sent (forwarded) it: its From header replaced, and the headers that
 * vouched for the original sender (Sender, DKIM and ARC signatures) dropped. Header lines are
 * unfolded first, so a folded From is replaced whole. Bytes are kept as they are (latin1).
 */
export function withFrom(raw: Buffer | string, from: string): Buffer {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : Buffer.from(raw, 'utf8').toString('latin1');
  const headerEnd = text.search(/\r?\n\r?\n/);
  const head = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const eol = head.includes('\r\n') ? '\r\n' : '\n';
  const kept = head.split(/\r?\n(?![ \t])/).filter((line) => !/^(from|sender|dkim-signature|arc-[a-z-]+):/i.test(line));
  return Buffer.from([`From: ${from}`, ...kept].join(eol) + text.slice(head.length), 'latin1');
}
