import { createHash } from 'node:crypto';
import type { Contact } from '../domain/model';
import ICAL from './ical';

/**
 * `contacts.vcf`: one vCard 4.0 (RFC 6350) per contact, written by ical.js, which escapes text
 * and structured values and folds lines at 75 octets with CRLF (§3.2). The UID is stable per
 * address, so importing a newer export updates the same cards instead of adding copies.
 */

function uid(contact: Contact): string {
  const hex = createHash('sha256').update(`${contact.userId}\n${contact.email}`).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** "Priya Raman" → family "Raman", given "Priya"; one word stays the given name. */
function nameParts(name: string): string[] {
  const words = name.trim().split(/\s+/);
  const family = words.length > 1 ? words.pop()! : '';
  return [family, words.join(' '), '', '', ''];
}

function note(contact: Contact): string | undefined {
  const lines = [
    contact.referredBy ? `Referred by ${contact.referredBy.name ?? contact.referredBy.email}` : undefined,
    contact.firstMetUtc ? `First met ${contact.firstMetUtc.slice(0, 10)}` : undefined,
    contact.context,
    contact.notes,
  ].filter((line): line is string => Boolean(line));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function card(contact: Contact): InstanceType<typeof ICAL.Component> {
  const vcard = new ICAL.Component('vcard');
  vcard.addPropertyWithValue('version', '4.0');
  vcard.addPropertyWithValue('uid', uid(contact));
  vcard.addPropertyWithValue('fn', contact.name ?? contact.email);
  if (contact.name) {
    const n = new ICAL.Property('n');
    n.setValue(nameParts(contact.name));
    vcard.addProperty(n);
  }
  vcard.addPropertyWithValue('email', contact.email);
  if (contact.company) {
    const org = new ICAL.Property('org');
    org.setValue([contact.company]);
    vcard.addProperty(org);
  }
  if (contact.role) vcard.addPropertyWithValue('title', contact.role);
  const text = note(contact);
  if (text) vcard.addPropertyWithValue('note', text);
  vcard.addPropertyWithValue('categories', 'Rapport');
  return vcard;
}

export function contactsVcf(contacts: readonly Contact[]): string {
  return contacts.map((contact) => `${card(contact).toString()}\r\n`).join('');
}
