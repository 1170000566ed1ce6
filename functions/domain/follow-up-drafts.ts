import type { Contact, Person, User } from './model';
import { truncate } from '../commons/bounded-text';
import { firstName, oneLine, present } from './display-text';
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
const BLANK_ABOUT_YOU = 'I am [one line about you and what you are exploring].';
/**
 * A saved pitch may run to LIMITS.pitch (2,000 characters); an introduction request carries the
 * first sentences of it that fit here, so the request stays short enough to be read.
 */
const PITCH_IN_DRAFT = 320;

/**
 * The saved elevator pitch as the draft's line about the user: one line, cut after its last
 * whole sentence within PITCH_IN_DRAFT (or at a word, marked "…", when one sentence is longer),
 * ending in a stop. Undefined without a pitch: the draft keeps its bracketed blank.
 */
export function pitchInDraft(pitch: string | undefined): string | undefined {
  const line = pitch === undefined ? '' : oneLine(pitch);
  if (!line) return undefined;
  if (line.length <= PITCH_IN_DRAFT) return /[.!?…]$/.test(line) ? line : `${line}.`;
  const head = line.slice(0, PITCH_IN_DRAFT);
  const lastStop = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '));
  return lastStop > 0 ? head.slice(0, lastStop + 1) : truncate(line, PITCH_IN_DRAFT);
}

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
  user: Pick<User, 'name' | 'pitch'>;
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
    `${pitchInDraft(input.user.pitch) ?? BLANK_ABOUT_YOU} Would you be open to a 20-minute conversation in the next few weeks? I am not asking about a job — just hoping to learn from your experience.`,
    'Thank you for considering it.',
    signature(input.user),
  ]);
}

/**
 * The referrer offered an introduction: a short note reminding them of it, with a line about the
 * user they can pass on (the saved pitch, or a blank to fill in). The email to the person comes
 * once the user says the introduction was made.
 */
export function introAskDraft(input: {
  user: Pick<User, 'name' | 'pitch'>;
  referrer: Person;
  referral: Pick<Contact, 'email' | 'name' | 'company'>;
}): PersonDraft {
  const name = firstName(input.referrer.name);
  const who = present(input.referral.name, 100) ?? input.referral.email;
  const company = present(input.referral.company, 100);
  return draft(input.referrer.email, `Introduction to ${who}`, [
    name ? `Hi ${name},` : 'Hello,',
    `Thank you again for offering to introduce me to ${who}${company ? ` at ${company}` : ''}. Whenever it suits you, a short email to the two of us would be wonderful.`,
    `In case it helps, a line about me you could pass on: ${pitchInDraft(input.user.pitch) ?? BLANK_ABOUT_YOU}`,
    'Thank you so much.',
    signature(input.user),
  ]);
}
