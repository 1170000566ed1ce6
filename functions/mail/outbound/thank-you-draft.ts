import type { Interview, Note, Person, User } from '../../domain/model';
import { truncate } from '../../commons/bounded-text';
import { firstName, oneLine, present } from './text';

/**
 * The thank-you note Rapport drafts for the user to send. Short and warm, with one specific
 * thing the user learned — taken from their notes when there are any, otherwise a blank they
 * cannot miss — and a next step that is never a request for a job.
 */

export const BLANK_INSIGHT = '[one specific thing you learned]';
export const BLANK_NAME = '[your name]';
/** An insight longer than this is a whole note, not a line in a thank-you. */
const MAX_INSIGHT_LENGTH = 220;

export interface ThankYouDraft {
  /** The contact's address, when known. */
  to?: string;
  subject: string;
  /** Paragraphs, in order; joined with blank lines in the plain text and the mailto body. */
  paragraphs: string[];
  /** The line taken from the user's notes, when one was. */
  insightFromNotes?: string;
  /** Opens the draft, addressed and filled, in the user's mail app. */
  mailto: string;
  /** The draft as one plain-text body. */
  body: string;
}

/**
 * The most recent note's first sentence that reads like something learned: not a referral
 * (those carry an address), not a one-word line.
 */
export function insightFromNotes(notes: readonly Note[]): string | undefined {
  const newestFirst = [...notes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const note of newestFirst) {
    const sentences = note.text
      .split(/\r?\n+|(?<=[.!?])\s+/)
      .map((sentence) => oneLine(sentence).replace(/^[-*•>\s]+/, ''))
      .filter((sentence) => sentence.split(' ').length >= 3 && !sentence.includes('@') && !/^https?:/i.test(sentence));
    const first = sentences[0];
    if (first) return truncate(first.replace(/[.!?;:,\s]+$/, ''), MAX_INSIGHT_LENGTH);
  }
  return undefined;
}

/** RFC 6068: the address stays readable, everything else is percent-encoded, line breaks as CRLF. */
export function mailtoUrl(draft: { to?: string; subject: string; body: string }): string {
  const to = draft.to ? encodeURIComponent(draft.to).replace(/%40/g, '@') : '';
  const body = draft.body.replace(/\r?\n/g, '\r\n');
  return `mailto:${to}?subject=${encodeURIComponent(draft.subject)}&body=${encodeURIComponent(body)}`;
}

export function thankYouDraft(input: {
  user: Pick<User, 'name'>;
  interview: Pick<Interview, 'contact' | 'company'>;
  notes: readonly Note[];
  /** Someone the contact suggested talking to, from this interview; makes the best next step. */
  referral?: Person;
}): ThankYouDraft {
  const contact = input.interview.contact;
  const greetingName = firstName(contact?.name);
  const insight = insightFromNotes(input.notes);
  const referralName = present(input.referral?.name, 100) ?? input.referral?.email;
  const userName = present(input.user.name, 100);

  const paragraphs = [
    greetingName ? `Hi ${greetingName},` : 'Hello,',
    'Thank you for taking the time to talk with me — I really appreciated your openness and the perspective you shared.',
    `One thing I am taking away from our conversation: ${insight ?? BLANK_INSIGHT}.`,
    referralName
      ? `As you suggested, I will reach out to ${referralName}, and I will let you know how it goes.`
      : 'I will put your advice to work over the next few weeks and would love to let you know how it goes.',
    'Thanks again for your generosity.',
    `Best regards,\n${userName ?? BLANK_NAME}`,
  ];
  const subject = 'Thank you for your time';
  const body = paragraphs.join('\n\n');
  const to = contact?.email;
  return {
    ...(to ? { to } : {}),
    subject,
    paragraphs,
    ...(insight ? { insightFromNotes: insight } : {}),
    mailto: mailtoUrl({ ...(to ? { to } : {}), subject, body }),
    body,
  };
}
