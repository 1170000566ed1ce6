import type { Contact, Person, User } from './model';
import { firstName, present } from './display-text';
import { mailtoUrl } from './thank-you-draft';

/**
 * The short drafts that keep a connection going (issue 13): a keep-in-touch note ("tell Priya how
 * you used her advice") and an introduction request that names who referred the user. The user
 * edits and sends them from their own mail; the bracketed part is theirs to fill in.
 */

export interface PersonDraft {
  to: string;
  subject: string;
  paragraphs: string[];
  body: string;
  mailto: string;
}

const BLANK_UPDATE = '[what you did with their advice, and how it went]';
const BLANK_NAME = '[your name]';

function draft(to: string, subject: string, paragraphs: string[]): PersonDraft {
  const body = paragraphs.join('\n\n');
  return { to, subject, paragraphs, body, mailto: mailtoUrl({ to, subject, body }) };
}

function signature(user: Pick<User, 'name'>): string {
  return `Best regards,\n${present(user.name, 100) ?? BLANK_NAME}`;
}

export function keepInTouchDraft(input: {
  user: Pick<User, 'name'>;
  contact: Pick<Contact, 'email' | 'name' | 'company'>;
  firstFollowUp: boolean;
}): PersonDraft {
  const name = firstName(input.contact.name);
  return draft(input.contact.email, input.firstFollowUp ? 'A quick update — your advice at work' : 'Catching up', [
    name ? `Hi ${name},` : 'Hello,',
    input.firstFollowUp
      ? 'I wanted to follow up on our conversation and let you know how I used your advice.'
      : 'It has been a little while since we last spoke, and I wanted to share a quick update.',
    `${BLANK_UPDATE}.`,
    'Thank you again — I would love to hear how things are going on your side too.',
    signature(input.user),
  ]);
}

export function introRequestDraft(input: {
  user: Pick<User, 'name'>;
  referral: Pick<Contact, 'email' | 'name' | 'company' | 'context'>;
  referredBy?: Person;
}): PersonDraft {
  const name = firstName(input.referral.name);
  const by = input.referredBy ? (present(input.referredBy.name, 100) ?? input.referredBy.email) : undefined;
  const company = present(input.referral.company, 100);
  return draft(input.referral.email, by ? `${by} suggested I get in touch` : 'A short conversation?', [
    name ? `Hi ${name},` : 'Hello,',
    by
      ? `${by} suggested I reach out to you${company ? ` about your work at ${company}` : ''} — they thought you would be the right person to talk to.`
      : `I am exploring a change of direction and would value your perspective${company ? ` on your work at ${company}` : ''}.`,
    'I am [one line about you and what you are exploring]. Would you be open to a 20-minute conversation in the next few weeks? I am not asking about a job — just hoping to learn from your experience.',
    'Thank you for considering it.',
    signature(input.user),
  ]);
}
