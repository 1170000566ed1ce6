import { type Insight, insightsFrom, introductionOffered, introductionsIn, noteLines, notesByTime } from './learned';
import type { Interview, Note, Person, ThankYouTone, User } from './model';
import { displayName, firstName, present } from './display-text';

/**
 * The thank-you note Rapport drafts for the user to send, in their voice: written from what they
 * learned (notes from the interview's start on — never the questions they wrote before it), with
 * the one or two most specific things said back to the contact, thanks for an introduction they
 * offered, and a next step that is never a request for a job. A blank the user cannot miss stands
 * where nothing was learned yet.
 */

export const BLANK_INSIGHT = '[one specific thing you learned]';
const BLANK_NAME = '[your name]';
const SHORT = 100;

export interface ThankYouDraft {
  /** The contact's address, when known. */
  to?: string;
  subject: string;
  /** Paragraphs, in order; joined with blank lines in the plain text and the mailto body. */
  paragraphs: string[];
  /** What the draft says back to the contact from the user's notes, when anything was learned. */
  insightFromNotes?: string;
  /** Opens the draft, addressed and filled, in the user's mail app. */
  mailto: string;
  /** The draft as one plain-text body. */
  body: string;
}

/** RFC 6068: the address stays readable, everything else is percent-encoded, line breaks as CRLF. */
export function mailtoUrl(draft: { to?: string; subject: string; body: string }): string {
  const to = draft.to ? encodeURIComponent(draft.to).replace(/%40/g, '@') : '';
  const body = draft.body.replace(/\r?\n/g, '\r\n');
  return `mailto:${to}?subject=${encodeURIComponent(draft.subject)}&body=${encodeURIComponent(body)}`;
}

const SAID = 'what you said about ';

/** One insight or two, joined as a person would: "what you said about X, and about Y". */
function sayInsights(insights: readonly Insight[]): string {
  const [first, second] = insights.map((insight) => insight.phrase);
  if (!first) return '';
  if (!second) return first;
  return `${first}, and ${first.startsWith(SAID) && second.startsWith(SAID) ? `about ${second.slice(SAID.length)}` : second}`;
}

/** The topic of the conversation for the subject: "the PM role at Acme", "Acme", or nothing. */
function topicOf(interview: Pick<Interview, 'company' | 'role'>): string | undefined {
  const company = present(interview.company, SHORT);
  const role = present(interview.role, SHORT);
  if (role && company) return `the ${role}${/\brole$/i.test(role) ? '' : ' role'} at ${company}`;
  return company ?? role;
}

interface Voice {
  greeting(first: string | undefined, full: string | undefined): string;
  thanks(introduction: Introduction | undefined): string;
  learned(said: string): string;
  nextStep(referral: string | undefined): string;
  closing: string;
  subject(topic: string | undefined): string;
}

/** Someone the contact introduced the user to, or offered to ("she offered to introduce me to Dana"). */
interface Introduction {
  name: string;
  offered: boolean;
}

/** "introducing me to Dana", or "offering to introduce me to Dana" while the introduction is only promised. */
function introducing({ name, offered }: Introduction): string {
  return offered ? `offering to introduce me to ${name}` : `introducing me to ${name}`;
}

/** The three tones a user can choose (`thank-you tone: warm|brief|formal`); warm by default. */
const VOICES: Record<ThankYouTone, Voice> = {
  warm: {
    greeting: (first) => (first ? `Hi ${first},` : 'Hello,'),
    thanks: (introduction) =>
      `Thank you so much for taking the time to talk with me${introduction ? `, and for ${introducing(introduction)}` : ''}. I really enjoyed our conversation.`,
    learned: (said) => `I especially appreciated ${said}.`,
    nextStep: (referral) =>
      referral
        ? `I will reach out to ${referral} soon and will let you know how it goes.`
        : 'I will put your advice to work over the next few weeks and would love to let you know how it goes.',
    closing: 'Warm regards,',
    subject: (topic) => (topic ? `Thank you for our conversation about ${topic}` : 'Thank you for our conversation'),
  },
  brief: {
    greeting: (first) => (first ? `Hi ${first},` : 'Hi,'),
    thanks: (introduction) => `Thanks for your time${introduction ? ` and for ${introducing(introduction)}` : ''}.`,
    learned: (said) => `${capitalize(said)} was really useful.`,
    nextStep: (referral) => (referral ? `I'll get in touch with ${referral} this week.` : "I'll keep you posted."),
    closing: 'Best,',
    subject: (topic) => (topic ? `Thanks — ${topic}` : 'Thanks for your time'),
  },
  formal: {
    greeting: (first, full) => (full ? `Dear ${full},` : first ? `Dear ${first},` : 'Dear Sir or Madam,'),
    thanks: (introduction) =>
      `Thank you for taking the time to speak with me${introduction ? `, and for kindly ${introducing(introduction)}` : ''}.`,
    learned: (said) => `I particularly valued ${said}.`,
    nextStep: (referral) =>
      referral
        ? `I will contact ${referral} shortly and would be glad to keep you informed.`
        : 'I will follow your advice and would be glad to keep you informed of my progress.',
    closing: 'Kind regards,',
    subject: (topic) => (topic ? `Thank you — our conversation about ${topic}` : 'Thank you for your time'),
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function thankYouDraft(input: {
  user: Pick<User, 'name' | 'thankYouTone'>;
  interview: Pick<Interview, 'contact' | 'company' | 'role' | 'startUtc'>;
  notes: readonly Note[];
  /** Someone the contact suggested talking to, from this interview; makes the best next step. */
  referral?: Person;
}): ThankYouDraft {
  const voice = VOICES[input.user.thankYouTone ?? 'warm'];
  const contact = input.interview.contact;
  // Read once: the insights, the introduction and whether it was only offered all come from these lines.
  const learned = noteLines(notesByTime(input.notes, input.interview).after);
  const insights = insightsFrom(learned, [input.interview.company ?? '', input.interview.contact?.name ?? '']);
  const referral = present(input.referral?.name, SHORT) ?? introductionsIn(learned)[0] ?? input.referral?.email;
  const referralFirst = referral?.includes('@') ? referral : (firstName(referral) ?? referral);
  const userName = present(input.user.name, SHORT);
  const said = insights.length > 0 ? sayInsights(insights) : `what you said about ${BLANK_INSIGHT}`;

  const paragraphs = [
    voice.greeting(firstName(contact?.name), displayName(contact?.name, SHORT)),
    voice.thanks(referral ? { name: referral, offered: introductionOffered(learned, referral) } : undefined),
    voice.learned(said),
    voice.nextStep(referralFirst),
    `${voice.closing}\n${userName ?? BLANK_NAME}`,
  ];
  const subject = voice.subject(topicOf(input.interview));
  const body = paragraphs.join('\n\n');
  const to = contact?.email;
  return {
    ...(to ? { to } : {}),
    subject,
    paragraphs,
    ...(insights.length > 0 ? { insightFromNotes: sayInsights(insights) } : {}),
    mailto: mailtoUrl({ ...(to ? { to } : {}), subject, body }),
    body,
  };
}
