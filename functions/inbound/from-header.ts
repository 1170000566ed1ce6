import { addressParser } from 'postal-mime';
import { headerSectionEnd } from './header-budget';

/**
 * Every address the From header(s) of a message name. RFC 5322 §3.6.2 allows a From of several
 * mailboxes (with a Sender), and a message may carry several From lines; Rapport acts for one
 * person, so it must see all of them rather than the first one a parser hands back:
 * `From: you@allowed.example, them@evil.example` is not mail from you.
 */

/** A From with more mailboxes than this is cut: the answer (more than one) is the same. */
const MAX_FROM_ADDRESSES = 10;

/** The addresses in these From header values, group members included, in order. */
export function fromAddressesIn(values: readonly string[]): string[] {
  const addresses: string[] = [];
  for (const value of values) {
    for (const entry of addressParser(value.slice(0, 4096))) {
      for (const member of entry.group ?? [entry]) {
        if (member.address) addresses.push(member.address.toLowerCase());
        if (addresses.length >= MAX_FROM_ADDRESSES) return addresses;
      }
    }
  }
  return addresses;
}

/**
 * The From addresses of raw message bytes, reading the header section only (up to the first
 * empty line): what the SMTP front door checks before the message is parsed at all; undefined
 * when the section runs past the budget every reader shares (header-budget.ts), so nobody reads
 * it. Folded lines (RFC 5322 §2.2.3) are unfolded.
 */
export function rawFromAddresses(raw: Uint8Array): string[] | undefined {
  const end = headerSectionEnd(raw);
  if (end === undefined) return undefined;
  const head = Buffer.from(raw.buffer, raw.byteOffset, end).toString('latin1');
  const values: string[] = [];
  let current: string | undefined;
  for (const line of head.split('\n')) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text === '') break;
    if ((text.startsWith(' ') || text.startsWith('\t')) && current !== undefined) {
      current += text;
      continue;
    }
    if (current !== undefined) values.push(current);
    current = /^from[ \t]*:/i.test(text) ? text.slice(text.indexOf(':') + 1) : undefined;
  }
  if (current !== undefined) values.push(current);
  return fromAddressesIn(values);
}
