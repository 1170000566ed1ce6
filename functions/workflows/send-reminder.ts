import { thankYouDueEntry } from '../domain/keep-in-touch';
import type { Interview, Note, Person, ReminderEvent, ReminderKind, User } from '../domain/model';
import { renderPrepBrief } from '../emails/prep-brief';
import type { RenderedEmail } from '../emails/shared';
import { renderThankYou, type ThankYouInput } from '../emails/thank-you';
import { renderThankYouNudge } from '../emails/thank-you-nudge';
import type { Deps } from './deps';
import { outboundEmail } from './envelope';
import { sendOnce, type SendOutcome } from './send-once';

export type ReminderOutcome = SendOutcome | 'stale' | 'not-applicable' | 'gone';

/**
 * A scheduled reminder fires. It sends only if the interview still exists, still has the
 * version the schedule was made for (a moved or cancelled interview has a newer one), and
 * still needs this email; the send itself is once per (kind, interview, version).
 */
export async function sendReminder(deps: Deps, event: ReminderEvent): Promise<ReminderOutcome> {
  const interview = await deps.store.getInterview(event.userId, event.interviewId);
  const user = interview && (await deps.store.getUser(event.userId));
  if (!interview || !user) return 'gone';
  if (interview.version !== event.version) {
    deps.log.info('stale reminder', { ...event, current: interview.version });
    return 'stale';
  }
  const reminder = REMINDER_EMAILS[event.kind];
  if (!reminder.applies(interview)) return 'not-applicable';

  const notes = await deps.store.listNotes(user.userId, interview.interviewId);
  const rendered = await reminder.render(deps, { user, interview, notes, now: deps.clock.now(), domain: deps.config.domain });
  const envelope = {
    to: user.email,
    replyTo: { kind: event.kind, userId: user.userId, interviewId: interview.interviewId },
    thread: interview.threadMessageId,
    autoSubmitted: 'auto-generated',
  } as const;
  const sendKey = `${event.kind}#${interview.interviewId}#${interview.version}`;
  const outcome = await sendOnce(deps, user.userId, sendKey, await outboundEmail(deps, envelope, rendered));
  // Also on a retry that finds it sent: recording is idempotent, so a run that died after the send still records.
  if (outcome !== 'given-up' && event.kind === 'thank-you') await recordHeld(deps, interview);
  return outcome;
}

/**
 * The thank-you draft goes out once an interview is over: it counts as held (a total kept on
 * write, so the digest never has to count a window), and the thank-you is owed until `sent`.
 */
async function recordHeld(deps: Deps, interview: Interview): Promise<void> {
  if (await deps.store.putDueEntry(interview.userId, thankYouDueEntry(interview)))
    await deps.store.addToTotals(interview.userId, { held: 1 }, interview.endUtc);
}

/** What a reminder email needs to be written. */
export interface ReminderContext {
  user: User;
  interview: Interview;
  notes: Note[];
  now: Date;
  domain: string;
}

/** One kind of reminder: when it still applies, and how it is written. */
export interface ReminderEmail {
  /** Whether the interview still needs this email (a cancelled one gets no brief; a thanked contact no nudge). */
  applies(interview: Interview): boolean;
  render(deps: Deps, context: ReminderContext): Promise<RenderedEmail>;
}

/** A thank-you (and its nudge) is owed after a conversation that happened, until the user says `sent`. */
function thankYouOwed(interview: Interview): boolean {
  const met = interview.status === 'scheduled' || interview.status === 'done';
  return met && !interview.thankYouSentAt;
}

export async function thankYouInput(deps: Deps, context: ReminderContext): Promise<ThankYouInput> {
  const referral = await referralFrom(deps, context.interview);
  return { ...context, ...(referral ? { referral } : {}) };
}

/**
 * Every reminder kind and its email. A `Record` over `ReminderKind`, so a kind added to the model
 * without an entry here fails the type check instead of silently getting another kind's email.
 */
export const REMINDER_EMAILS: Record<ReminderKind, ReminderEmail> = {
  'prep-brief': {
    applies: (interview) => interview.status === 'scheduled',
    render: async (deps, context) => {
      const referredBy = await whoReferred(deps, context.interview);
      return renderPrepBrief({ ...context, isFollowUp: await isFollowUp(deps, context.interview), ...(referredBy ? { referredBy } : {}) });
    },
  },
  'thank-you': {
    applies: thankYouOwed,
    render: async (deps, context) => renderThankYou(await thankYouInput(deps, context)),
  },
  'thank-you-nudge': {
    applies: thankYouOwed,
    render: async (deps, context) => renderThankYouNudge(await thankYouInput(deps, context)),
  },
};

/** A second conversation with the same person calls for deeper questions. */
async function isFollowUp(deps: Deps, interview: Interview): Promise<boolean> {
  const contact = interview.contact?.email;
  if (!contact) return false;
  return deps.store.hasMetBefore(interview.userId, contact, interview.startUtc);
}

/** The person who introduced the user to this contact, when the contact came as a referral. */
async function whoReferred(deps: Deps, interview: Interview): Promise<Person | undefined> {
  const contact = interview.contact && (await deps.store.getContact(interview.userId, interview.contact.email));
  if (contact?.source !== 'referral' || !contact.fromInterviewId) return undefined;
  return (await deps.store.getInterview(interview.userId, contact.fromInterviewId))?.contact;
}

/** Someone this contact suggested talking to: the thank-you's natural next step. */
async function referralFrom(deps: Deps, interview: Interview): Promise<Person | undefined> {
  const latest = await deps.store.latestReferralFrom(interview.userId, interview.interviewId);
  return latest ? { email: latest.email, ...(latest.name ? { name: latest.name } : {}) } : undefined;
}
