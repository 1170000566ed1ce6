import type { Person } from './model';

/**
 * Who is who in an invitation: the sender is the user, the contact is the other party.
 * All of it can be corrected later by reply (`contact:`, `company:`), so these are guesses
 * made to be useful, not to be certain.
 */

/** Mailboxes that belong to people, not to a company: their domain says nothing about an employer. */
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'ymail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.ru',
  'yandex.com',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'orange.fr',
  'free.fr',
  'laposte.net',
  't-online.de',
  'libero.it',
]);

/** Local parts of senders that are systems, not people. */
const NO_REPLY = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?|calendar|mailer-daemon|postmaster|bounces?)([+-].*)?$/i;

/** Second-level labels under which the registrable name sits one label further left (acme.co.uk). */
const PUBLIC_SECOND_LEVELS = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc']);

interface Participant extends Person {
  kind?: 'individual' | 'room' | 'resource' | 'group' | 'unknown';
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

function isNoReplyAddress(email: string): boolean {
  return NO_REPLY.test(email.slice(0, email.lastIndexOf('@')));
}

function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(domain.toLowerCase());
}

/**
 * The other party: the organizer when it is not the user, otherwise the first attendee who is
 * a person and not the user. Rooms, resources, groups and no-reply senders are never contacts.
 */
export function chooseContact(input: { userEmails: string[]; organizer?: Participant; attendees: Participant[] }): Participant | undefined {
  const mine = new Set(input.userEmails.map((e) => e.toLowerCase()));
  const candidates = [input.organizer, ...input.attendees].filter((p): p is Participant => p !== undefined);
  return candidates.find(
    (p) =>
      !mine.has(p.email.toLowerCase()) &&
      (p.kind === undefined || p.kind === 'individual' || p.kind === 'unknown') &&
      !isNoReplyAddress(p.email),
  );
}

/**
 * Names whose casing a domain label loses, by label: a domain-derived name keeps the company's own
 * spelling ("bbva" is BBVA, "datadoghq" is Datadog), never a recased guess.
 */
const KNOWN_COMPANY_NAMES: Readonly<Record<string, string>> = {
  bbva: 'BBVA',
  asml: 'ASML',
  datadoghq: 'Datadog',
  hsbc: 'HSBC',
  ibm: 'IBM',
  sap: 'SAP',
  kpmg: 'KPMG',
  pwc: 'PwC',
  ey: 'EY',
  bnpparibas: 'BNP Paribas',
  jpmorgan: 'JPMorgan',
  jpmchase: 'JPMorgan Chase',
  github: 'GitHub',
  gitlab: 'GitLab',
  linkedin: 'LinkedIn',
  paypal: 'PayPal',
  youtube: 'YouTube',
  openai: 'OpenAI',
  hubspot: 'HubSpot',
  mongodb: 'MongoDB',
  salesforce: 'Salesforce',
};

/** Labels of three letters or fewer are read as initials (IBM, SAP), not words. */
const INITIALS_MAX_LETTERS = 3;

/**
 * The company a display name carries after the person's name — "Jane Doe (BBVA)", "Jane Doe |
 * Datadog", "Jane Doe at ASML" — written as the person wrote it; undefined when there is none.
 */
export function companyInDisplayName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const match = /\(([^()]{2,60})\)\s*$/.exec(name) ?? /\s(?:\||·|–|—|@|at)\s+([^|·–—@]{2,60})$/.exec(name);
  const company = match?.[1]?.trim();
  return company && !company.includes('@') ? company : undefined;
}

/**
 * "jane@mail.acme-robotics.co.uk" → "Acme Robotics"; undefined for free-mail domains. The last
 * resort for a company: a known name keeps its own casing, initials stay capitals.
 */
export function guessCompany(email: string): string | undefined {
  const domain = domainOf(email);
  if (isFreeMailDomain(domain)) return undefined;
  const labels = domain.split('.').filter(Boolean);
  if (labels.length < 2) return undefined;
  let index = labels.length - 2;
  if (labels.length >= 3 && PUBLIC_SECOND_LEVELS.has(labels[index]!) && labels[labels.length - 1]!.length === 2) index -= 1;
  const name = labels[index]!.toLowerCase();
  if (name === 'example' || name === 'localhost') return undefined;
  const known = KNOWN_COMPANY_NAMES[name];
  if (known) return known;
  return name
    .split(/[-_]/)
    .filter(Boolean)
    .map((word) => (word.length <= INITIALS_MAX_LETTERS ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}
