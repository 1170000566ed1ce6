/**
 * One mailbox, `Display Name <local@domain>` or a bare `local@domain`, read from our own strings
 * (config, a user's stored email, an inbound sender) and written as RFC 5322 §3.4 requires.
 */
import { domainToASCII } from 'node:url';
import { ENCODED_WORD_MAX_LENGTH, encodedWords } from './encoded-word';
import { headerSafe } from './header-line';

interface Mailbox {
  /** The display name as a person reads it, unquoted; '' when there is none. */
  name: string;
  /** `local@domain`, the domain in its ASCII (punycode) form. */
  address: string;
  domain: string;
}

/** RFC 5322 §3.2.3 dot-atom (the usual local part) and quoted-string (the unusual one). */
const LOCAL_PART = /^(?:[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*")$/;
/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, the address at most 254 of them. */
const MAX_ADDRESS_LENGTH = 254;

/** The domain in ASCII: an internationalized one in its punycode form (RFC 5890), which any MTA accepts. */
function asciiDomain(domain: string): string {
  const ascii = /^[\x21-\x7e]+$/.test(domain) ? domain : domainToASCII(domain);
  if (!/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$|^\[[\x21-\x5a\x5e-\x7e]+\]$/.test(ascii)) {
    throw new RangeError(`not a mail domain: ${domain}`);
  }
  return ascii.toLowerCase();
}

function unquote(name: string): string {
  const quoted = /^"(.*)"$/s.exec(name);
  return quoted?.[1] !== undefined ? quoted[1].replace(/\\(.)/gs, '$1') : name;
}

/**
 * `local@domain` from the bare form. Anything beside the first address-looking token is dropped:
 * that is what is left of an injection attempt once `headerSafe` has turned its CR/LF into a
 * space (`ada@example.com Bcc: y@evil.example`), and it must never become another recipient.
 */
function bareAddress(value: string): string {
  return (
    value
      .split(/\s+/)
      .find((token) => token.includes('@'))
      ?.replace(/^<|>$/g, '') ?? value
  );
}

/**
 * Reads one mailbox. Throws a RangeError for an address we could not write faithfully: no
 * domain, an unusual local part, or a non-ASCII one (that needs SMTPUTF8, RFC 6531).
 */
export function parseMailbox(input: string): Mailbox {
  const value = headerSafe(input);
  // `name <address>`, the name possibly quoted (and then holding `<`); whatever follows is dropped.
  const angle = /^((?:"(?:[^"\\]|\\.)*"|[^<"])*)<([^<>]*)>/.exec(value);
  const name = angle ? unquote(angle[1]?.trim() ?? '').trim() : '';
  const spec = angle ? (angle[2] ?? '').trim() : bareAddress(value);
  const at = spec.lastIndexOf('@');
  const local = spec.slice(0, at);
  if (at < 1 || !LOCAL_PART.test(local)) throw new RangeError(`not a mail address: ${input}`);
  const domain = asciiDomain(spec.slice(at + 1));
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS_LENGTH) throw new RangeError(`mail address too long: ${input}`);
  return { name, address, domain };
}

/** RFC 5322 §3.2.3 atext: a display name made only of these (and spaces) needs no quotes. */
const ATOMS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?: [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

/**
 * A display name as an RFC 5322 phrase: bare atoms when it can be (`Ada Lovelace`), a quoted
 * string when it is ASCII with specials (`"Doe, Jane"`), RFC 2047 encoded-words when it has
 * non-ASCII characters or a word too long to fold, or looks like an encoded-word itself.
 */
export function phrase(name: string): string {
  const ascii = /^[\x20-\x7e]*$/.test(name) && !name.includes('=?');
  const foldable = name.split(' ').every((word) => word.length <= ENCODED_WORD_MAX_LENGTH);
  if (ascii && foldable && ATOMS.test(name)) return name;
  if (ascii && foldable) return `"${name.replace(/["\\]/g, '\\$&')}"`;
  return encodedWords(name).join(' ');
}

/** `phrase <address>`, or the bare address when there is no name. */
export function formatMailbox(mailbox: Mailbox): string {
  return mailbox.name === '' ? mailbox.address : `${phrase(mailbox.name)} <${mailbox.address}>`;
}
