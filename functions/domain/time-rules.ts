import { DateTime, Info } from 'luxon';
import { type DigestEvent, type DigestPreference, type Interview, ReminderKind } from './model';

/**
 * When each reminder fires (DESIGN.md "Time rules"). Pure: the caller passes the clock.
 *
 * The prep brief goes out the day before at the same local time — "the day before" in the
 * user's own calendar, so a daylight-saving change in between does not move it by an hour —
 * unless that falls in the user's quiet hours, when it waits for the morning.
 */
export const TIME_RULES = {
  prepBriefDaysBefore: 1,
  quietHoursStart: 22,
  quietHoursEnd: 7,
  thankYouAfterEndMinutes: 60,
  nudgeAfterEndHours: 20,
  /** The thank-you should go out within this long after the interview ends. */
  thankYouDeadlineHours: 24,
} as const;

/** Hours after the interview ends by which the thank-you should have gone out; emails say so. */
export const THANK_YOU_WINDOW_HOURS = TIME_RULES.thankYouDeadlineHours;

/** A new user's weekly digest: Monday morning, before the week's conversations. */
export const DEFAULT_DIGEST: DigestPreference = { enabled: true, weekday: 1, time: '08:00' };

/**
 * When the user's digest comes, as emails show it: "every Tuesday at 09:00", or undefined when
 * it is off. Local time in the user's zone (the scheduler runs it there), so no zone conversion.
 */
export function digestScheduleText(digest: DigestPreference): string | undefined {
  if (!digest.enabled) return undefined;
  const day = Info.weekdays('long', { locale: 'en-US' })[digest.weekday - 1] ?? 'Monday';
  return `every ${day} at ${digest.time}`;
}

export interface ReminderPlan {
  kind: ReminderKind;
  atUtc: Date;
}

function isQuiet(local: DateTime): boolean {
  return local.hour >= TIME_RULES.quietHoursStart || local.hour < TIME_RULES.quietHoursEnd;
}

/** The end of the quiet period a quiet local time falls in: 07:00 that morning or the next. */
function endOfQuietHours(local: DateTime): DateTime {
  const morning = local.set({ hour: TIME_RULES.quietHoursEnd, minute: 0, second: 0, millisecond: 0 });
  return local.hour >= TIME_RULES.quietHoursStart ? morning.plus({ days: 1 }) : morning;
}

export function prepBriefTime(startUtc: Date, userZone: string): Date {
  const dayBefore = DateTime.fromJSDate(startUtc, { zone: userZone }).minus({ days: TIME_RULES.prepBriefDaysBefore });
  return (isQuiet(dayBefore) ? endOfQuietHours(dayBefore) : dayBefore).toJSDate();
}

export function thankYouTime(endUtc: Date): Date {
  return new Date(endUtc.getTime() + TIME_RULES.thankYouAfterEndMinutes * 60_000);
}

export function thankYouNudgeTime(endUtc: Date): Date {
  return new Date(endUtc.getTime() + TIME_RULES.nudgeAfterEndHours * 3_600_000);
}

export function thankYouDeadline(endUtc: Date): Date {
  return new Date(endUtc.getTime() + TIME_RULES.thankYouDeadlineHours * 3_600_000);
}

/**
 * The reminders a scheduled interview should have, given the time now.
 * - Logged after the prep time but before the start: the brief goes at once.
 * - Logged after the start: no brief (it would be useless); the thank-you still comes, at once
 *   if its time has passed, as long as the 24-hour window is still open.
 * - The nudge only while it is still in the future.
 */
export function planReminders(
  interview: Pick<Interview, 'startUtc' | 'endUtc' | 'status' | 'thankYouSentAt'>,
  userZone: string,
  now: Date,
): ReminderPlan[] {
  // A cancelled interview or a no-show gets nothing more; one marked done still gets its thank-you.
  if (interview.status === 'cancelled' || interview.status === 'no-show') return [];
  const start = new Date(interview.startUtc);
  const end = new Date(interview.endUtc);
  const plans: ReminderPlan[] = [];

  if (interview.status === 'scheduled' && now < start) {
    const prep = prepBriefTime(start, userZone);
    plans.push({ kind: 'prep-brief', atUtc: prep > now ? prep : now });
  }
  if (!interview.thankYouSentAt && now < thankYouDeadline(end)) {
    const thanks = thankYouTime(end);
    plans.push({ kind: 'thank-you', atUtc: thanks > now ? thanks : now });
    const nudge = thankYouNudgeTime(end);
    if (nudge > now && nudge > thanks) plans.push({ kind: 'thank-you-nudge', atUtc: nudge });
  }
  return plans;
}

/**
 * The suffix of each schedule's name, by what it fires. A `Record` over every scheduled kind, so
 * a new reminder kind cannot be scheduled under another kind's name (and overwrite it).
 */
const SCHEDULE_SUFFIX: Record<ReminderKind | DigestEvent['kind'], string> = {
  'prep-brief': 'prep',
  'thank-you': 'thanks',
  'thank-you-nudge': 'nudge',
  'weekly-digest': 'digest',
};

export const REMINDER_KINDS: readonly ReminderKind[] = ReminderKind.options;

/** Deterministic schedule names (EventBridge Scheduler: ≤ 64 chars of [0-9a-zA-Z-_.]). */
export function reminderScheduleName(interviewId: string, kind: ReminderKind): string {
  return `${interviewId}-${SCHEDULE_SUFFIX[kind]}`;
}

export function digestScheduleName(userId: string): string {
  return `${userId}-${SCHEDULE_SUFFIX['weekly-digest']}`;
}
