import type { Interview, Note, Person, User } from '../domain/model';
import { THANK_YOU_WINDOW_HOURS } from '../domain/time-rules';
import { DEBRIEF_QUESTION, noteLines, notesByTime } from '../domain/learned';
import { formatDayTime, formatShort, plusHours } from '../commons/format-time';
import { thankYouDraft, type ThankYouDraft } from '../domain/thank-you-draft';
import { template } from './thank-you.generated';
import {
  appView,
  contactLabel,
  draftView,
  footerForReminders,
  renderEmail,
  type BaseView,
  type BrandInput,
  type RenderedEmail,
  type ShownDraft,
} from './shared';

/** An hour after: a ready-to-send thank-you draft and the deadline to send it by. */

export interface ThankYouInput extends BrandInput {
  user: User;
  interview: Interview;
  notes: readonly Note[];
  now: Date;
  /** Someone the contact suggested at this interview: the draft's next step mentions them. */
  referral?: Person;
  /** A revised draft: what changed since the last one (handle-reply sends it for notes after the draft). */
  revision?: string;
}

/** Notes before the conversation, shown back as a reminder: this many lines at most. */
const MAX_EARLIER_NOTES = 8;

/** What the thank-you and its nudge both show: the draft and the deadline. */
export interface ThankYouView extends BaseView {
  deadline: string;
  draft: ShownDraft<ThankYouDraft>;
  /** The debrief question (domain/learned.ts): a reply with what was learned revises the draft. */
  debrief: string;
  /** What the user noted before the conversation: a reminder beside the draft, never in it. */
  earlierNotes: string[];
  revision?: string;
}

/** "within a day", or the window's hours when it is not one day. */
function withinWindow(): string {
  return THANK_YOU_WINDOW_HOURS === 24 ? 'within a day' : `within ${THANK_YOU_WINDOW_HOURS} hours`;
}

/** The draft, who it is for, and how long is left: shared with the nudge (thank-you-nudge.ts). */
export function thankYouParts(input: ThankYouInput) {
  const zone = input.user.timeZone;
  const deadlineUtc = plusHours(input.interview.endUtc, THANK_YOU_WINDOW_HOURS);
  const draft = draftView(
    thankYouDraft({
      user: input.user,
      interview: input.interview,
      notes: input.notes,
      ...(input.referral ? { referral: input.referral } : {}),
    }),
  );
  const who = contactLabel(input.interview.contact);
  // Fractional: the nudge rounds it (3 h 58 min left is "about 4 hours", not 3).
  const hoursLeft = (Date.parse(deadlineUtc) - input.now.getTime()) / 3_600_000;
  const deadline =
    hoursLeft < 0
      ? `It has been more than ${THANK_YOU_WINDOW_HOURS} hours since you met — send it today; a late thank-you beats none.`
      : `Send by ${formatDayTime(deadlineUtc, zone)} (${THANK_YOU_WINDOW_HOURS} hours after you met).`;
  const earlierNotes = noteLines(notesByTime(input.notes, input.interview).before).slice(0, MAX_EARLIER_NOTES);
  return { zone, deadlineUtc, draft, who, hoursLeft, deadline, earlierNotes, debrief: DEBRIEF_QUESTION };
}

export function thankYouView(input: ThankYouInput): ThankYouView {
  const { deadlineUtc, draft, who, deadline, zone, earlierNotes, debrief } = thankYouParts(input);
  const app = appView(input);
  const revised = input.revision ? 'Revised thank-you draft' : 'Thank-you draft';
  return {
    app,
    subject: `${revised}${who ? ` for ${who}` : ''} — send by ${formatShort(deadlineUtc, zone)}`,
    preheader: deadline,
    kicker: revised,
    heading: who ? `Say thank you to ${who}` : 'Say thank you',
    intro: `A short, specific thank-you ${withinWindow()} is what people remember. Here's a draft to make your own — then send it from your own email.`,
    footerNote: footerForReminders(app.name),
    minimalFooter: false,
    deadline,
    draft,
    debrief,
    earlierNotes,
    ...(input.revision ? { revision: input.revision } : {}),
  };
}

export function renderThankYou(input: ThankYouInput): RenderedEmail {
  return renderEmail(template, thankYouView(input));
}
