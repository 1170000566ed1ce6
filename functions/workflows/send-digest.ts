import { DateTime } from 'luxon';
import type { Contact, DigestEvent, Interview, User } from '../domain/model';
import { renderDigest } from '../mail/outbound/emails/digest';
import { fromAddress, replyAddressFor, type Deps } from './deps';
import { sendOnce, type SendOutcome } from './send-once';

/** How far the digest looks: interviews coming up, and what is still open from the past. */
const UPCOMING_DAYS = 14;
const LOOKBACK_DAYS = 30;
/** A contact met this long ago without a later touch is due a follow-up ("a short update on what I did with your advice"). */
const FOLLOW_UP_AFTER_DAYS = 21;

export interface DigestContent {
  upcoming: Interview[];
  thankYousOwed: Interview[];
  referralsToContact: Contact[];
  followUpsDue: Contact[];
  insightsThisWeek: number;
  heldThisWeek: number;
  heldInTotal: number;
}

/** What the week looks like for one user. Pure over what was read. */
export function digestContent(input: { now: Date; interviews: Interview[]; contacts: Contact[]; notesThisWeek: number }): DigestContent {
  const now = input.now.getTime();
  const weekAgo = now - 7 * 86_400_000;
  const live = input.interviews.filter((i) => i.status !== 'cancelled' && i.status !== 'no-show');
  const held = live.filter((i) => new Date(i.endUtc).getTime() <= now);
  return {
    upcoming: live.filter((i) => new Date(i.startUtc).getTime() > now && new Date(i.startUtc).getTime() <= now + UPCOMING_DAYS * 86_400_000),
    thankYousOwed: held.filter((i) => !i.thankYouSentAt),
    referralsToContact: input.contacts.filter((c) => c.source === 'referral' && !c.lastTouchUtc),
    followUpsDue: input.contacts.filter((c) => {
      if (c.source !== 'interview') return false;
      if (c.nextTouchUtc) return new Date(c.nextTouchUtc).getTime() <= now;
      return c.lastTouchUtc !== undefined && new Date(c.lastTouchUtc).getTime() <= now - FOLLOW_UP_AFTER_DAYS * 86_400_000;
    }),
    insightsThisWeek: input.notesThisWeek,
    heldThisWeek: held.filter((i) => new Date(i.endUtc).getTime() > weekAgo).length,
    heldInTotal: held.length,
  };
}

/** The weekly digest, once per user and ISO week however often the schedule fires. */
/** A week with nothing coming, nothing owed and nothing done: no email is better than an empty one. */
export function isEmptyWeek(content: DigestContent): boolean {
  return (
    content.upcoming.length === 0 &&
    content.thankYousOwed.length === 0 &&
    content.referralsToContact.length === 0 &&
    content.followUpsDue.length === 0 &&
    content.heldThisWeek === 0 &&
    content.insightsThisWeek === 0
  );
}

export async function sendDigest(deps: Deps, event: DigestEvent): Promise<SendOutcome | 'off' | 'gone' | 'nothing-to-say'> {
  const user = await deps.store.getUser(event.userId);
  if (!user) return 'gone';
  if (!user.digest.enabled) return 'off';
  const now = deps.clock.now();
  const interviews = await deps.store.listInterviews(user.userId, {
    fromUtc: new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000).toISOString(),
    toUtc: new Date(now.getTime() + UPCOMING_DAYS * 86_400_000).toISOString(),
  });
  const contacts = await deps.store.listContacts(user.userId);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  let notesThisWeek = 0;
  for (const interview of interviews.filter((i) => i.endUtc >= weekAgo && i.startUtc <= now.toISOString())) {
    notesThisWeek += (await deps.store.listNotes(user.userId, interview.interviewId)).filter((n) => n.createdAt >= weekAgo).length;
  }
  const content = digestContent({ now, interviews, contacts, notesThisWeek });
  if (isEmptyWeek(content)) return 'nothing-to-say';
  const week = DateTime.fromJSDate(now, { zone: user.timeZone }).toFormat("kkkk-'W'WW");
  return sendOnce(deps, user.userId, `digest#${week}`, {
    from: fromAddress(deps.config),
    to: user.email,
    replyTo: replyAddressFor(deps, { kind: 'digest', userId: user.userId }),
    autoSubmitted: 'auto-generated',
    ...renderDigest({ user, now, ...content, domain: deps.config.domain }),
  });
}
