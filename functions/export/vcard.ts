import { createHash } from 'node:crypto';
import type { Contact } from '../domain/model';
import { component, contentLine, vcardStructured, vcardText } from './content-lines';

/**
 * `contacts.vcf`: one vCard 4.0 (RFC 6350) per contact, text and structured values escaped and
 * lines folded at 75 octets with CRLF (§3.2, content-lines.ts). The UID is stable per
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

function card(contact: Contact): string[] {
  const text = note(contact);
  return component('VCARD', [
    // VERSION comes first (RFC 6350 §6.7.9).
    contentLine('VERSION', '4.0'),
    contentLine('UID', uid(contact)),
    contentLine('FN', vcardText(contact.name ?? contact.email)),
    ...(contact.name ? [contentLine('N', vcardStructured(nameParts(contact.name)))] : []),
    contentLine('EMAIL', vcardText(contact.email)),
    ...(contact.company ? [contentLine('ORG', vcardStructured([contact.company]))] : []),
    ...(contact.role ? [contentLine('TITLE', vcardText(contact.role))] : []),
    ...(text ? [contentLine('NOTE', vcardText(text))] : []),
    contentLine('CATEGORIES', 'Rapport'),
  ]);
}

export function contactsVcf(contacts: readonly Contact[]): string {
  return contacts.map((contact) => `${card(contact).join('\r\n')}\r\n`).join('');
}
