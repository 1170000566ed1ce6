import { createHash } from 'node:crypto';
import type { Contact } from '../domain/model';
import { component, contentLine, vcardStructured, vcardText } from './content-lines';
import { localDateTime } from './local-time';
import { personText } from './records';

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

export interface CardText {
  referred: readonly string[];
  meetings: readonly string[];
  /** The job title: the contact's own, else the role of their latest interview. */
  title: string | undefined;
}

/** The NOTE: who referred them and whom they referred, when first met, what was written about them and each meeting. */
function note(contact: Contact, text: CardText, zone: string): string | undefined {
  const lines = [
    contact.referredBy ? `Referred by ${personText(contact.referredBy)}` : undefined,
    ...(text.referred.length > 0 ? [`Referred you to ${text.referred.join(', ')}`] : []),
    contact.firstMetUtc ? `First met ${localDateTime(contact.firstMetUtc, zone, false)} (${zone})` : undefined,
    contact.context,
    contact.notes,
    ...(text.meetings.length > 0 ? ['Meetings:', ...text.meetings] : []),
  ].filter((line): line is string => Boolean(line));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function card(contact: Contact, text: CardText, zone: string): string[] {
  const noteText = note(contact, text, zone);
  return component('VCARD', [
    // VERSION comes first (RFC 6350 §6.7.9).
    contentLine('VERSION', '4.0'),
    contentLine('UID', uid(contact)),
    contentLine('FN', vcardText(contact.name ?? contact.email)),
    ...(contact.name ? [contentLine('N', vcardStructured(nameParts(contact.name)))] : []),
    contentLine('EMAIL', vcardText(contact.email)),
    ...(contact.company ? [contentLine('ORG', vcardStructured([contact.company]))] : []),
    ...(text.title ? [contentLine('TITLE', vcardText(text.title))] : []),
    // RFC 6350 §6.6.6: the person who referred this one, by address.
    ...(contact.referredBy ? [contentLine('RELATED;TYPE=contact', `mailto:${contact.referredBy.email}`)] : []),
    ...(noteText ? [contentLine('NOTE', vcardText(noteText))] : []),
    contentLine('CATEGORIES', 'Rapport'),
  ]);
}

/** One contact's card, CRLF-terminated. */
export function vcard(contact: Contact, text: CardText, zone: string): string {
  return `${card(contact, text, zone).join('\r\n')}\r\n`;
}
